using System.Data.Common;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Storage;

/// <summary>The row shapes both read-model databases share: table-set states, document rows and history rows.</summary>
public static class StoredRowReader
{
    public static string StateName(TableSetState state) => state switch
    {
        TableSetState.Building => "building",
        TableSetState.Active => "active",
        _ => "retired",
    };

    public static TableSetState ParseState(string state) => state switch
    {
        "building" => TableSetState.Building,
        "active" => TableSetState.Active,
        _ => TableSetState.Retired,
    };

    /// <summary>Reads (version, generation, state, position) of one of the projection's table sets.</summary>
    public static TableSet ReadTableSet(DbDataReader reader, string projection) =>
        new(projection, reader.GetInt32(0), reader.GetInt32(1), ParseState(reader.GetString(2)), reader.GetInt64(3));

    /// <summary>Reads (tenant, kind, key, json, parent, status, facet, rank); each engine says how it keeps the rank.</summary>
    public static StoredDocument ReadDocument(DbDataReader reader, Func<DbDataReader, int, decimal> readRank) => new(
        new DocumentKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
        reader.GetString(3),
        new DocumentIndex(
            reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : readRank(reader, 7)));

    /// <summary>Reads (tenant, kind, key, position, ordinal, json).</summary>
    public static StoredHistoryRow ReadHistory(DbDataReader reader) => new(
        new DocumentKey(reader.GetString(0), reader.GetString(1), reader.GetString(2)),
        reader.GetInt64(3),
        reader.GetInt32(4),
        reader.GetString(5));
}
