# ocirt — build, demo, test, install. See README.md.
PREFIX ?= /usr/local
DOTNET ?= dotnet
CONFIG ?= Release
BIN := bin/ocirt
SOURCES := $(shell find src -name '*.cs' -o -name '*.csproj') Directory.Build.props
# Runs a command with a pure cgroup v2 view in a private mount namespace (the host may be hybrid).
V2VIEW := unshare -m --propagation private sh -c 'umount -R /sys/fs/cgroup 2>/dev/null; mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$$@"' sh

.PHONY: all install deps vm-deps demo test test-unit test-conformance test-faults test-vm test-docker test-systemd test-systemd-vm clean bench

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
	for p in busybox-static:/bin/busybox runc:/usr/sbin/runc jq:/usr/bin/jq libseccomp2:/usr/lib/x86_64-linux-gnu/libseccomp.so.2; do \
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

test: deps $(BIN) build/containers-seccomp.json test-unit test-conformance

# podman's default seccomp profile (Debian golang-github-containers-common), a real profile for the
# seccomp tests; only the package's file is extracted (its dependencies are not installed).
build/containers-seccomp.json:
	rm -rf build/ccommon && mkdir -p build/ccommon
	cd build/ccommon && (apt-get download -qq golang-github-containers-common 2>/dev/null || \
	  (apt-get update -qq && apt-get download -qq golang-github-containers-common))
	dpkg-deb -x build/ccommon/golang-github-containers-common_*.deb build/ccommon/x
	cp build/ccommon/x/usr/share/containers/seccomp.json $@
	rm -rf build/ccommon

test-unit:
	$(DOTNET) test tests/unit/Ocirt.Tests.Unit.csproj -c $(CONFIG) --nologo

# Real containers, as root, in a pure cgroup v2 view (never the host's v1 hierarchies).
# Twice: with the fork-safe init (the default), then with the re-executed `ocirt init` (OCIRT_INIT=reexec).
test-conformance: $(BIN) build/containers-seccomp.json
	OCIRT_CONTAINERS_SECCOMP=$(abspath build/containers-seccomp.json) OCIRT_BIN=$(abspath $(BIN)) $(V2VIEW) $(DOTNET) test tests/conformance/Ocirt.Tests.Conformance.csproj -c $(CONFIG) --nologo
	OCIRT_INIT=reexec OCIRT_CONTAINERS_SECCOMP=$(abspath build/containers-seccomp.json) OCIRT_BIN=$(abspath $(BIN)) $(V2VIEW) $(DOTNET) test tests/conformance/Ocirt.Tests.Conformance.csproj -c $(CONFIG) --nologo

# SIGKILL of create/start/run/exec/delete at random delays and inside each phase, then delete --force must
# leave nothing; 200 creates joining one netns under CPU load; concurrent commands (tests/faults/run.sh).
test-faults: deps $(BIN)
	OCIRT_BIN=$(abspath $(BIN)) $(V2VIEW) tests/faults/run.sh

# cgroup v2 limits that need real controllers (memory, pids, cpu, cpuset): a qemu TCG VM, PASS/FAIL per check.
test-vm: $(BIN) vm-deps
	tests/vm/run-vm-tests.sh $(abspath $(BIN))

# qemu, a Debian kernel for the guest, cpio (installed only when missing).
vm-deps: deps
	@missing=""; \
	command -v qemu-system-x86_64 >/dev/null || missing="$$missing qemu-system-x86"; \
	command -v cpio >/dev/null || missing="$$missing cpio"; \
	ls /boot/vmlinuz-*-amd64 >/dev/null 2>&1 || missing="$$missing linux-image-amd64"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi

# End to end: real dockerd + containerd (Debian packages, installed if missing) in a private
# mount+net+pid namespace, every scenario under runc and ocirt. See tests/docker/run.sh.
test-docker: $(BIN)
	OCIRT_BIN=$(abspath $(BIN)) tests/docker/run.sh

# End to end with a real systemd (PID 1 of private namespaces, see tests/systemd/env.sh): dockerd,
# podman and containerd's CRI configured for the systemd cgroup driver, each scenario under runc and ocirt.
test-systemd: $(BIN)
	OCIRT_BIN=$(abspath $(BIN)) tests/systemd/run.sh

# The systemd driver where limits are enforced: systemd as PID 1 of a qemu (TCG) VM with full cgroup v2,
# booted on the host's root shared read only (virtio-9p); memory limit, update, OOM kill, delete.
test-systemd-vm: $(BIN) vm-deps
	OCIRT_BIN=$(abspath $(BIN)) tests/systemd/vm/run-vm.sh

bench: deps $(BIN)
	$(MAKE) -C bench

clean:
	rm -rf bin build
	$(DOTNET) clean --nologo -v quiet || true

# The systemd cgroup driver's conformance tests (Category=Systemd) under a real systemd: tests/systemd/env.sh's
# systemd as PID 1, once per init. `make test` runs them too but they skip there (no systemd on this machine kind).
.PHONY: test-systemd-driver
test-systemd-driver: $(BIN)
	OCIRT_BIN=$(abspath $(BIN)) tests/conformance/run-systemd.sh
