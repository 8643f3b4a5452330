#!/usr/bin/env python3
"""A small CRI client (kubelet's side of the CRI, the calls the suite needs) over containerd's socket.

  cri.py version
  cri.py runp HANDLER NAME CGROUP_PARENT LOGDIR      -> prints the pod sandbox id
  cri.py create POD_ID POD_NAME CGROUP_PARENT LOGDIR NAME IMAGE CMD...   -> prints the container id
  cri.py start ID | status ID | stop ID | exec ID CMD... (stdout/stderr passed on, exits with the exit code)
  cri.py rmp POD_ID                                  (StopPodSandbox + RemovePodSandbox)
  cri.py cleanup                                     (every pod labelled by this suite)

The Python bindings are generated from cri.proto at first use (grpc_tools), into $CRI_GEN_DIR.
"""
import os, sys, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
GEN = os.environ.get("CRI_GEN_DIR", "/tmp/cri-gen")
SOCK = os.environ.get("CRI_SOCK", "unix:///run/containerd/containerd.sock")
LABEL = {"ocirt-e2e": "1"}
# Debian's grpc_tools generates the older descriptor style, which needs the pure-Python protobuf.
os.environ.setdefault("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION", "python")


def bindings():
    if not os.path.exists(os.path.join(GEN, "cri_pb2_grpc.py")):
        os.makedirs(GEN, exist_ok=True)
        subprocess.run([sys.executable, "-m", "grpc_tools.protoc", "-I", HERE, "--python_out=" + GEN,
                        "--grpc_python_out=" + GEN, os.path.join(HERE, "cri.proto")], check=True)
    sys.path.insert(0, GEN)
    import cri_pb2, cri_pb2_grpc
    return cri_pb2, cri_pb2_grpc


def sandbox_config(pb, name, cgroup_parent, logdir):
    return pb.PodSandboxConfig(
        metadata=pb.PodSandboxMetadata(name=name, uid=name + "-uid", namespace="ocirt-e2e"),
        log_directory=logdir, labels=LABEL,   # no hostname: the node's UTS namespace goes with its network
        linux=pb.LinuxPodSandboxConfig(
            cgroup_parent=cgroup_parent,
            # The node's network: no CNI plugin is needed.
            security_context=pb.LinuxSandboxSecurityContext(
                namespace_options=pb.NamespaceOption(network=pb.NODE, pid=pb.CONTAINER, ipc=pb.POD))))


def main(argv):
    import grpc
    pb, rpc = bindings()
    rt = rpc.RuntimeServiceStub(grpc.insecure_channel(SOCK))
    cmd, args = argv[0], argv[1:]
    if cmd == "version":
        v = rt.Version(pb.VersionRequest(version="v1"), timeout=10)
        print(v.runtime_name, v.runtime_version, v.runtime_api_version)
    elif cmd == "runp":
        handler, name, parent, logdir = args
        os.makedirs(logdir, exist_ok=True)
        r = rt.RunPodSandbox(pb.RunPodSandboxRequest(config=sandbox_config(pb, name, parent, logdir),
                                                     runtime_handler=handler), timeout=60)
        print(r.pod_sandbox_id)
    elif cmd == "create":
        pod, pod_name, parent, logdir, name, image, command = *args[:6], args[6:]
        r = rt.CreateContainer(pb.CreateContainerRequest(
            pod_sandbox_id=pod,
            config=pb.ContainerConfig(metadata=pb.ContainerMetadata(name=name), image=pb.ImageSpec(image=image),
                                      command=command, log_path=name + ".log"),
            # The sandbox's config again, as kubelet passes it.
            sandbox_config=sandbox_config(pb, pod_name, parent, logdir)), timeout=60)
        print(r.container_id)
    elif cmd == "start":
        rt.StartContainer(pb.StartContainerRequest(container_id=args[0]), timeout=60)
    elif cmd == "stop":
        rt.StopContainer(pb.StopContainerRequest(container_id=args[0], timeout=int(args[1]) if len(args) > 1 else 10), timeout=60)
    elif cmd == "status":
        s = rt.ContainerStatus(pb.ContainerStatusRequest(container_id=args[0]), timeout=10).status
        print(pb.ContainerState.Name(s.state), s.exit_code)
    elif cmd == "exec":
        r = rt.ExecSync(pb.ExecSyncRequest(container_id=args[0], cmd=args[1:], timeout=30), timeout=60)
        sys.stdout.buffer.write(r.stdout); sys.stderr.buffer.write(r.stderr)
        return r.exit_code
    elif cmd == "rmp":
        rt.StopPodSandbox(pb.StopPodSandboxRequest(pod_sandbox_id=args[0]), timeout=60)
        rt.RemovePodSandbox(pb.RemovePodSandboxRequest(pod_sandbox_id=args[0]), timeout=60)
    elif cmd == "cleanup":
        for p in rt.ListPodSandbox(pb.ListPodSandboxRequest(filter=pb.PodSandboxFilter(label_selector=LABEL)), timeout=10).items:
            rt.StopPodSandbox(pb.StopPodSandboxRequest(pod_sandbox_id=p.id), timeout=60)
            rt.RemovePodSandbox(pb.RemovePodSandboxRequest(pod_sandbox_id=p.id), timeout=60)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    import grpc
    try:
        sys.exit(main(sys.argv[1:]))
    except grpc.RpcError as e:
        print("cri: %s: %s" % (e.code().name, e.details()), file=sys.stderr)
        sys.exit(1)
