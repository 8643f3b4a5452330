using Ocirt.Runtime.Interop;
using Ocirt.Runtime.Lifecycle;

namespace Ocirt.Runtime.Init;

/// <summary>
/// A fresh session keyring "_ses.&lt;id&gt;" for the container (runc), so keys of the caller's
/// session (e.g. a login's) are not reachable from inside. --no-new-keyring keeps the caller's.
/// </summary>
internal static unsafe class SessionKeyring
{
    private const long SysKeyctl = 250;
    private const int KeyctlJoinSessionKeyring = 1;

    public static void JoinNew(string id)
    {
        byte[] name = System.Text.Encoding.UTF8.GetBytes("_ses." + id + "\0");
        fixed (byte* p = name)
        {
            if (Libc.Syscall(SysKeyctl, KeyctlJoinSessionKeyring, (long)p, 0, 0, 0) >= 0) return;
        }
        int err = Errno.Last;
        // A kernel without keyrings (or a policy refusing keyctl) is not an error for runc either.
        if (err is Errno.ENOSYS or Errno.EPERM or Errno.EACCES) return;
        throw new SyscallException("join a new session keyring (use --no-new-keyring to keep the caller's)", err);
    }
}
