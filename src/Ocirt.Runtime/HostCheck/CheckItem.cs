namespace Ocirt.Runtime.HostCheck;

/// <summary>How one host-check item came out. Only <see cref="Fail"/> means `ocirt run` cannot work.</summary>
public enum CheckStatus { Ok, Info, Warn, Fail }

/// <summary>One line of `ocirt check`: what was checked, the verdict, and the value read from the kernel.</summary>
public sealed record CheckItem(string Name, CheckStatus Status, string Detail)
{
    public static string StatusWord(CheckStatus s) => s switch
    {
        CheckStatus.Ok => "ok",
        CheckStatus.Info => "info",
        CheckStatus.Warn => "warn",
        _ => "fail",
    };
}
