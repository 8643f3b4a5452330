namespace Ocirt.Tests.Unit.Cli;

/// <summary>Golden files live next to the sources (the test project copies only spec-fixtures/).</summary>
internal static class Golden
{
    public static string Read(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "Cli", "golden", name);
            if (File.Exists(candidate)) return File.ReadAllText(candidate);
        }
        throw new FileNotFoundException($"golden file {name} not found above {AppContext.BaseDirectory}");
    }
}
