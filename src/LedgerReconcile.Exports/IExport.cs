namespace LedgerReconcile.Exports;

/// <summary>An export ready to be written: its rows are read page by page from the ledger while it is written.</summary>
public interface IExport
{
    /// <summary>A file name without extension, safe on every file system and in a Content-Disposition header.</summary>
    string Name { get; }

    string FileName(ExportFormat format);

    /// <summary>Writes the rows to <paramref name="output"/>, flushing every few rows so a reader sees them as they come; returns how many.</summary>
    Task<long> WriteAsync(Stream output, ExportFormat format, CancellationToken cancellationToken);
}
