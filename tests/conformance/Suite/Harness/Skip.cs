using Xunit;

namespace Ocirt.Conformance.Harness;

/// <summary>
/// A fact that encodes the contract doc (runc main) where Debian's runc 1.1.5 behaves differently:
/// skipped, with the reason, when the binary under test is runc.
/// </summary>
public sealed class ContractFactAttribute : FactAttribute
{
    public ContractFactAttribute(string runc115Differs)
    {
        if (Env.IsRunc) Skip = "runc 1.1.5 differs from the contract: " + runc115Differs;
    }
}

/// <summary>A fact about ocirt only (e.g. its version text); skipped when the binary under test is runc.</summary>
public sealed class OcirtOnlyFactAttribute : FactAttribute
{
    public OcirtOnlyFactAttribute(string why)
    {
        if (Env.IsRunc) Skip = "ocirt-specific: " + why;
    }
}

/// <summary>Missing optional tools make a test fail loudly (xunit 2 has no dynamic skip).</summary>
public static class Skip
{
    public static void If(bool condition, string reason)
    {
        if (condition) throw new InvalidOperationException("cannot run: " + reason);
    }
}
