using System.Globalization;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// A one-line progress bar on stderr, redrawn in place on a terminal; when stderr is redirected, a line every 10%
/// instead, so logs stay readable.
/// </summary>
public sealed class ProgressBar(string label, TextWriter? writer = null)
{
    private const int Width = 30;
    private readonly TextWriter _writer = writer ?? Console.Error;
    private readonly bool _interactive = writer is null && !Console.IsErrorRedirected;
    private int _lastDecile = -1;
    private bool _drawn;

    public void Report(long done, long total, string? detail = null)
    {
        var fraction = total <= 0 ? 1d : Math.Clamp((double)done / total, 0, 1);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{label} [{new string('#', (int)(fraction * Width)).PadRight(Width, '.')}] {fraction,4:P0} {done:N0}/{total:N0}{(detail is null ? "" : " " + detail)}");
        if (_interactive)
        {
            _writer.Write("\r" + text);
            _drawn = true;
            return;
        }

        var decile = (int)(fraction * 10);
        if (decile != _lastDecile)
        {
            _lastDecile = decile;
            _writer.WriteLine(text);
        }
    }

    public void Done()
    {
        if (_drawn)
        {
            _writer.WriteLine();
            _drawn = false;
        }
    }
}

/// <summary>Reports on the caller's thread (unlike <see cref="Progress{T}"/>), so nothing is drawn after the bar is done.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
