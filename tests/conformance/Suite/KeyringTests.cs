using Ocirt.Conformance.Harness;
using Xunit;

namespace Ocirt.Conformance;

/// <summary>The container's own session keyring "_ses.&lt;id&gt;", or the caller's with --no-new-keyring (seen in /proc/keys).</summary>
public sealed class KeyringTests : ContainerTest
{
    private string Run(params string[] flags)
    {
        // /proc/keys is masked by default; unmask it to look.
        Bundle.Edit(c =>
        {
            var masked = c["linux"]!["maskedPaths"]!.AsArray();
            foreach (var m in masked.Where(m => m!.GetValue<string>() == "/proc/keys").ToList()) masked.Remove(m);
        }).Shell("grep -o '_ses[^ ]*' /proc/keys; true");
        string id = NewId();
        var r = Rt.Run(["run", .. flags, id]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout.Replace(id, "<id>");
    }

    [Fact]
    public void A_new_session_keyring_named_after_the_container()
    {
        Assert.Contains("_ses.<id>", Run());
    }

    [Fact]
    public void No_new_keyring_keeps_the_callers()
    {
        Assert.DoesNotContain("_ses.<id>", Run("--no-new-keyring"));
    }
}
