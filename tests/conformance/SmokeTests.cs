namespace Ocirt.Tests.Conformance;
public class SmokeTests { [Xunit.Fact] public void Builds() => Xunit.Assert.True(true); }
