using Ocirt.Runtime.Lifecycle;
using Ocirt.Spec.Model;
using Xunit;

namespace Ocirt.Tests.Unit.Runtime;

public class CreateChecksTests
{
    [Fact]
    public void Missing_process_args_root_and_unknown_namespaces_are_named()
    {
        var spec = new Ocirt.Spec.Model.Spec
        {
            Process = new Process { Args = [] },
            Root = new Root(),
            Linux = new Linux { Namespaces = [new LinuxNamespace { Type = "pid" }, new LinuxNamespace { Type = "foo" }] },
        };
        var errors = SpecChecks.Validate(spec);
        Assert.Contains("process.args: must not be empty", errors);
        Assert.Contains("root.path: must not be empty", errors);
        Assert.Contains("linux.namespaces[1].type: unknown namespace \"foo\"", errors);
    }

    [Fact]
    public void A_complete_spec_passes()
    {
        var spec = Ocirt.Spec.DefaultSpec.Create(rootless: false);
        Assert.Empty(SpecChecks.Validate(spec));
    }
}
