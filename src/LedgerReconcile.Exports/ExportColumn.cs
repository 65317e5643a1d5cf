namespace LedgerReconcile.Exports;

/// <summary>
/// One column of an export: a stable snake_case name (a CSV header, a JSON property) and the row's value, one of
/// string, enum, decimal, whole number, bool, <see cref="DateTimeOffset"/> or <see cref="DateOnly"/>, or null.
/// </summary>
public sealed record ExportColumn<TRow>(string Name, Func<TRow, object?> Value);
