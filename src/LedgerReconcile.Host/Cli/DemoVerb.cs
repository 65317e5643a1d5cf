namespace LedgerReconcile.Host.Cli;

/// <summary><c>ledger demo [--sqlite PATH | --postgres CONNECTION] [--urls URL]</c>: the same as <c>serve --demo</c>.</summary>
public static class DemoVerb
{
    public static Task<int> RunAsync(CommandLineArguments arguments, IReadOnlyList<string> rawArguments) =>
        ServeVerb.RunAsync(arguments, rawArguments, demo: true);
}
