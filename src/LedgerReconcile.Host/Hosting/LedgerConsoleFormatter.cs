using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace LedgerReconcile.Host.Hosting;

/// <summary>
/// One line per entry with every scope as <c>key=value</c> (the simple formatter prints a dictionary scope as its type
/// name), so the correlation id, tenant and command id of each line can be read and grepped.
/// </summary>
public sealed class LedgerConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "ledger";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        // The verb reports a port in use in one line; the host's own log of the same failure would precede it with a stack trace.
        if ((message is null && logEntry.Exception is null) || PortInUse.Caused(logEntry.Exception))
        {
            return;
        }

        textWriter.Write(DateTimeOffset.UtcNow.ToString("HH:mm:ss ", System.Globalization.CultureInfo.InvariantCulture));
        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(logEntry.Category);
        scopeProvider?.ForEachScope(
            (scope, writer) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        if (key != "{OriginalFormat}")
                        {
                            writer.Write($" {key}={value}");
                        }
                    }
                }
                else if (scope is not null)
                {
                    writer.Write($" {scope}");
                }
            },
            textWriter);
        textWriter.Write(" | ");
        textWriter.Write(message?.ReplaceLineEndings(" "));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(" | ");
            textWriter.Write(exception.ToString().ReplaceLineEndings(" ⏎ "));
        }

        textWriter.WriteLine();
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
