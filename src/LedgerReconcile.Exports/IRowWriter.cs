namespace LedgerReconcile.Exports;

internal interface IRowWriter<in TRow> : IAsyncDisposable
{
    Task BeginAsync(CancellationToken cancellationToken);

    void Write(TRow row);

    Task FlushAsync(CancellationToken cancellationToken);

    Task EndAsync(CancellationToken cancellationToken);
}
