namespace Ocirt;

public static class Program
{
    public static int Main(string[] args)
    {
        // The container init is re-executed by the spawn: go straight there, no CLI parsing.
        if (args.Length > 0 && args[0] == "init") return Runtime.Init.InitProcess.Main(args);
        return Cli.Dispatcher.Execute(args);
    }
}
