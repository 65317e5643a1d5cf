using Spectre.Console;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// Progress bars on stderr and tables on stdout, drawn by Spectre.Console. Results go to stdout, where scripts read
/// them; a redirected stderr gets no progress at all, since it is where the one-line error of a failure belongs.
/// </summary>
public static class Terminal
{
    // A pipe has no width; wide enough that rows stay whole for grep.
    private const int RedirectedWidth = 240;

    public static IAnsiConsole Out { get; } = Create(Console.Out, Console.IsOutputRedirected);

    /// <summary>Runs <paramref name="work"/> under a progress bar named <paramref name="description"/>.</summary>
    public static async Task<T> ProgressAsync<T>(string description, Func<ProgressReport, Task<T>> work)
    {
        if (Console.IsErrorRedirected)
        {
            return await work(new ProgressReport((_, _, _) => { }));
        }

        return await Create(Console.Error, redirected: false).Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
                var result = await work(new ProgressReport((done, total, detail) =>
                {
                    task.MaxValue = Math.Max(total, 1);
                    task.Value = Math.Min(done, task.MaxValue);
                    task.Description = Markup.Escape(detail is null ? description : $"{description} ({detail})");
                }));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>A table whose first column, what a row is looked up by, is never wrapped.</summary>
    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Simple);
        for (var i = 0; i < columns.Length; i++)
        {
            table.AddColumn(new TableColumn(new Text(columns[i])) { NoWrap = i == 0 });
        }

        return table;
    }

    /// <summary>Adds a row of plain text (never markup: labels are the operator's own words).</summary>
    public static Table Row(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(cell => new Text(cell)));
        return table;
    }

    private static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}

/// <summary>Reports <c>done</c> of <c>total</c>, with an optional detail such as a rate.</summary>
public sealed class ProgressReport(Action<long, long, string?> report)
{
    public void Report(long done, long total, string? detail = null) => report(done, total, detail);
}

/// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>), so nothing is drawn after the bar is done.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
