using System.CommandLine;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger VERB ...</c>: one executable for the API and the operator's commands. Errors are one line on stderr and a
/// non-zero exit: 2 for a mistake in the call, 1 for anything that failed. A call that does not parse runs nothing.
/// </summary>
public static partial class LedgerCommandLine
{
    public static RootCommand Create()
    {
        var root = new RootCommand(
            "LedgerReconcile: the billing-reconciliation ledger, its HTTP API and the operator's commands. " +
            "The store is ./data/ledger.db (SQLite, relative to the current directory) unless --sqlite or --postgres says otherwise. " +
            "Exit codes: 0 done, 1 failed, 2 wrong call.")
        {
            ServeVerb.Create(),
            DemoVerb.Create(),
            ImportVerb.Create(),
            RebuildVerb.Create(),
            VerifyVerb.Create(),
            ExportVerb.Create(),
            HistoryVerb.Create(),
            KeysVerb.Create(),
            EvidencePackVerb.Create(),
            VerifyPackVerb.Create(),
        };
        root.SetAction(int (_) => throw new UsageException("Say what to do: 'ledger --help' lists the verbs."));
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"ledger: {await DescribeAsync(parsed)}");
            return 2;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        try
        {
            // Ctrl+C is ours rather than the library's, so that only our own cancellation reads as "cancelled".
            return await parsed.InvokeAsync(
                new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                cancel.Token);
        }
        catch (UsageException usage)
        {
            await Console.Error.WriteLineAsync($"ledger: {OneLine(usage.Message)}");
            return 2;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("ledger: cancelled.");
            return 1;
        }
        catch (Exception failure) when (failure is not (OutOfMemoryException or HostAbortedException))
        {
            await Console.Error.WriteLineAsync($"ledger: {OneLine(failure is LedgerFailure ? failure.Message : failure.GetBaseException().Message)}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
        }
    }

    /// <summary>The parse errors and the library's typo suggestions, without the help text, as one line.</summary>
    private static async Task<string> DescribeAsync(ParseResult parsed)
    {
        if (parsed.Action is ParseErrorAction action)
        {
            action.ShowHelp = false;
            action.ShowTypoCorrections = true;
        }

        using var errors = new StringWriter();
        using var suggestions = new StringWriter();
        await parsed.InvokeAsync(new InvocationConfiguration { Output = suggestions, Error = errors });
        return OneLine($"{errors} {suggestions}");
    }

    private static string OneLine(string message) => Whitespace().Replace(message, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
