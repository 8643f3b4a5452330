# ocirt — build, demo, test, install. See README.md.
PREFIX ?= /usr/local
DOTNET ?= dotnet
CONFIG ?= Release
BIN := bin/ocirt
SOURCES := $(shell find src -name '*.cs' -o -name '*.csproj') Directory.Build.props
# Runs a command with a pure cgroup v2 view in a private mount namespace (the host may be hybrid).
V2VIEW := unshare -m --propagation private sh -c 'umount -R /sys/fs/cgroup 2>/dev/null; mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$$@"' sh

.PHONY: all install deps demo test test-unit test-conformance test-docker clean bench

all: $(BIN)

$(BIN): $(SOURCES)
	$(DOTNET) publish src/Ocirt/Ocirt.csproj -c $(CONFIG) -o build/publish -p:SourceRevisionId=$$(git rev-parse --short HEAD 2>/dev/null || echo unknown) --nologo -v quiet
	mkdir -p bin
	cp build/publish/ocirt $(BIN)

install: $(BIN)
	install -D -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/ocirt

# Debian packages the demo and the tests use (installed only when missing).
deps:
	@missing=""; \
	for p in busybox-static:/bin/busybox runc:/usr/sbin/runc jq:/usr/bin/jq; do \
	  [ -e "$${p#*:}" ] || missing="$$missing $${p%%:*}"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

build/bundle/config.json: $(BIN) tests/busybox-bundle.sh
	tests/busybox-bundle.sh build/bundle $(abspath $(BIN))

# Runs a real container that prints its hostname, id and PID from inside.
demo: deps $(BIN) build/bundle/config.json
	cd build/bundle && jq '.process.args = ["sh", "-c", "echo \"hostname: $$(hostname)\"; echo \"id: $$(id)\"; echo \"pid: $$$$\""]' config.json > config.json.tmp && mv config.json.tmp config.json
	cd build/bundle && ../../$(BIN) --root $(abspath build/state) run demo-$$$$

test: deps $(BIN) test-unit test-conformance

test-unit:
	$(DOTNET) test tests/unit/Ocirt.Tests.Unit.csproj -c $(CONFIG) --nologo

# Real containers, as root, in a pure cgroup v2 view (never the host's v1 hierarchies).
test-conformance: $(BIN)
	OCIRT_BIN=$(abspath $(BIN)) $(V2VIEW) $(DOTNET) test tests/conformance/Ocirt.Tests.Conformance.csproj -c $(CONFIG) --nologo

# End to end: real dockerd + containerd (Debian packages, installed if missing) in a private
# mount+net+pid namespace, every scenario under runc and ocirt. See tests/docker/run.sh.
test-docker: $(BIN)
	OCIRT_BIN=$(abspath $(BIN)) tests/docker/run.sh

bench: deps $(BIN)
	$(MAKE) -C bench

clean:
	rm -rf bin build
	$(DOTNET) clean --nologo -v quiet || true
