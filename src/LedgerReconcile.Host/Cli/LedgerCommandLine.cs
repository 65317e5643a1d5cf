namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger VERB ...</c>: one executable for the API and the operator's commands. Errors are one line on stderr and a
/// non-zero exit: 2 for a mistake in the call, 1 for anything that failed.
/// </summary>
public static class LedgerCommandLine
{
    public const string Usage =
        """
        ledger serve   [--sqlite PATH | --postgres CONNECTION] [--urls URL] [--demo]
        ledger demo    [--sqlite PATH | --postgres CONNECTION] [--urls URL]
        ledger import  FILE --tenant ID            [--sqlite PATH | --postgres CONNECTION]
        ledger rebuild [--projection NAME]         [--sqlite PATH | --postgres CONNECTION]
        ledger verify  [--stream NAME]             [--sqlite PATH | --postgres CONNECTION]
        ledger export  --tenant ID [--out DIR]     [--sqlite PATH | --postgres CONNECTION]
        ledger history --tenant ID --customer KEY [--limit N]
        ledger keys create --tenant ID --role admin|finance|auditor [--label TEXT]
        ledger keys revoke --tenant ID --key KEY_ID
        ledger keys list   [--tenant ID]

        The store is ./data/ledger.db (SQLite) unless --sqlite or --postgres says otherwise.
        Exit codes: 0 done, 1 failed, 2 wrong usage.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        try
        {
            var arguments = CommandLineArguments.Parse(args);
            return arguments.Verb switch
            {
                "serve" => await ServeVerb.RunAsync(arguments, args, demo: false),
                "demo" => await DemoVerb.RunAsync(arguments, args),
                "import" => await WithCtrlC(cancel, () => ImportVerb.RunAsync(arguments, cancel.Token)),
                "rebuild" => await WithCtrlC(cancel, () => RebuildVerb.RunAsync(arguments, cancel.Token)),
                "verify" => await WithCtrlC(cancel, () => VerifyVerb.RunAsync(arguments, cancel.Token)),
                "export" => await WithCtrlC(cancel, () => ExportVerb.RunAsync(arguments, cancel.Token)),
                "history" => await WithCtrlC(cancel, () => HistoryVerb.RunAsync(arguments, cancel.Token)),
                "keys" => await WithCtrlC(cancel, () => KeysVerb.RunAsync(arguments, cancel.Token)),
                "help" or "--help" or "-h" => PrintUsage(),
                var unknown => throw new UsageException($"Unknown command '{unknown}'. Try 'ledger help'."),
            };
        }
        catch (UsageException usage)
        {
            await Console.Error.WriteLineAsync($"ledger: {usage.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("ledger: cancelled.");
            return 1;
        }
        catch (Exception failure) when (failure is not (OutOfMemoryException or HostAbortedException))
        {
            await Console.Error.WriteLineAsync($"ledger: {OneLine(failure)}");
            return 1;
        }
    }

    private static async Task<int> WithCtrlC(CancellationTokenSource cancel, Func<Task<int>> run)
    {
        ConsoleCancelEventHandler handler = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += handler;
        try
        {
            return await run();
        }
        finally
        {
            Console.CancelKeyPress -= handler;
        }
    }

    private static string OneLine(Exception failure)
    {
        var message = failure is LedgerFailure ? failure.Message : failure.GetBaseException().Message;
        return message.ReplaceLineEndings(" ").Trim();
    }

    private static int PrintUsage()
    {
        Console.WriteLine(Usage);
        return 0;
    }
}
