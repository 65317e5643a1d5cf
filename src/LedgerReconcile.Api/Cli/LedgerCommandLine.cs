using LedgerReconcile.Api.Hosting;

namespace LedgerReconcile.Api.Cli;

/// <summary>
/// <c>ledger VERB ...</c>: one executable for the API and the operator's commands. Errors are one line on stderr and a
/// non-zero exit: 2 for a mistake in the call, 1 for anything that failed.
/// </summary>
public static class LedgerCommandLine
{
    public const string Usage =
        """
        ledger serve [--sqlite PATH | --postgres CONNECTION] [--urls URL] [--demo]
        ledger verify [--sqlite PATH | --postgres CONNECTION] [--stream NAME]
        ledger keys create --tenant ID --role admin|finance|auditor [--label TEXT]
        ledger keys revoke --tenant ID --key KEY_ID
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var arguments = CommandLineArguments.Parse(args);
            return arguments.Verb switch
            {
                "serve" => await ServeAsync(args),
                "help" or "--help" => PrintUsage(),
                var unknown => throw new UsageException($"Unknown command '{unknown}'. Try 'ledger help'."),
            };
        }
        catch (UsageException usage)
        {
            await Console.Error.WriteLineAsync($"ledger: {usage.Message}");
            return 2;
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"ledger: {failure.GetBaseException().Message}");
            return 1;
        }
    }

    private static int PrintUsage()
    {
        Console.WriteLine(Usage);
        return 0;
    }

    private static async Task<int> ServeAsync(string[] args)
    {
        var hostArgs = args.Length > 0 && args[0] == "serve" ? args[1..] : args;
        var app = LedgerApi.Build(MapStoreOptions(hostArgs));
        await app.RunAsync();
        return 0;
    }

    /// <summary>--sqlite and --postgres are spelled for people; configuration wants Ledger:Sqlite and Ledger:Postgres.</summary>
    internal static string[] MapStoreOptions(string[] args) =>
        args.Select(a => a switch
        {
            "--sqlite" => "--Ledger:Sqlite",
            "--postgres" => "--Ledger:Postgres",
            _ => a,
        }).ToArray();
}
