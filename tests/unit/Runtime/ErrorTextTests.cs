using Ocirt.Runtime.Diagnostics;
using Ocirt.Runtime.Lifecycle;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

/// <summary>
/// ErrorText: what the NativeAOT binary (UseSystemResourceKeys) would otherwise print is a resource key;
/// the exceptions here carry such keys as their messages, as they do in the binary.
/// </summary>
public class ErrorTextTests
{
    public static TheoryData<Exception, string> Cases() => new()
    {
        { new UnauthorizedAccessException("UnauthorizedAccess_IODenied_Path, /sys/fs/cgroup/x"), "permission denied" },
        { new FileNotFoundException("IO_FileNotFound_FileName, /x"), "no such file or directory" },
        { new DirectoryNotFoundException("IO_PathNotFound_Path, /x"), "no such file or directory" },
        { new PathTooLongException("IO_PathTooLong_Path, /x"), "file name too long" },
        { new IOException("IO_FileExists_Name, /x", 17), "file exists" },
        { new IOException("Directory not empty : '/x'", 39), "directory not empty" },
        { new IOException("Device or resource busy : '/x'", 16), "device or resource busy" },
        { new FormatException("Format_InvalidString"), "invalid syntax" },
        { new OverflowException("Overflow_Int32"), "value out of range" },
        { new InvalidOperationException("InvalidOperation_EnumFailedVersion"), "internal error (run with --debug for details)" },
        { new NullReferenceException("Arg_NullReferenceException"), "internal error (run with --debug for details)" },
        { new OcirtException("mounts[0]: CAP_SYS_ADMIN needed"), "mounts[0]: CAP_SYS_ADMIN needed" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Maps_to_plain_words(Exception e, string expected) => Assert.Equal(expected, ErrorText.Of(e));

    [Theory]
    [InlineData("UnauthorizedAccess_IODenied_Path, /x", true)]
    [InlineData("IO_PathNotFound_Path", true)]
    [InlineData("System.IO.IOException: x", true)]
    [InlineData("an IOException happened", true)]
    [InlineData("linux.capabilities: CAP_SYS_ADMIN and RLIMIT_NOFILE, SCMP_ACT_NOTIFY", false)]
    [InlineData("create cgroup /sys/fs/cgroup/t_1 (linux.cgroupsPath): permission denied", false)]
    public void Recognises_internal_text(string text, bool internalText) => Assert.Equal(internalText, ErrorText.LooksInternal(text));
}
