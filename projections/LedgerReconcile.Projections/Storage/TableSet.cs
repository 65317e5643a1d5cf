using System.Text.RegularExpressions;

namespace LedgerReconcile.Projections.Storage;

/// <summary>Where a table set stands in its life: filled from 0, serving, or replaced by a newer one.</summary>
public enum TableSetState
{
    /// <summary>Being rebuilt from position 0; not read by queries yet.</summary>
    Building,

    /// <summary>The one set queries read and the live runner keeps up to date.</summary>
    Active,

    /// <summary>Replaced by a rebuild; kept until the next rebuild so a query that looked it up just before the swap still finishes.</summary>
    Retired,
}

/// <summary>
/// One generation of a projection's tables (<c>rm_{projection}_v{version}_{generation}_docs</c> and <c>_history</c>),
/// with its own checkpoint.
/// </summary>
public sealed partial record TableSet(string Projection, int Version, int Generation, TableSetState State, long Checkpoint)
{
    /// <summary>The common prefix of the set's table names.</summary>
    public string Name => $"rm_{Projection}_v{Version}_{Generation}";

    /// <summary>The documents table.</summary>
    public string DocumentsTable => Name + "_docs";

    /// <summary>The history table.</summary>
    public string HistoryTable => Name + "_history";

    /// <summary>Throws when a projection name could not be used inside a table name.</summary>
    public static void ValidateProjectionName(string projection)
    {
        if (!ProjectionNamePattern().IsMatch(projection))
        {
            throw new ArgumentException(
                $"Projection name '{projection}' must be lower-case letters, digits and underscores, starting with a letter, at most 40 characters.",
                nameof(projection));
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{0,39}$")]
    private static partial Regex ProjectionNamePattern();
}
