namespace LedgerReconcile.Domain.Tenants;

/// <summary>
/// How often a tenant's data is pulled and how long usage may go unreported before a person is asked. Each tenant
/// sets its own; until it does, the host's defaults apply.
/// </summary>
/// <param name="PsaAgreementTypes">
/// The PSA agreement or contract types the PSA read looks at (e.g. "Managed Services"); empty means every type.
/// </param>
/// <param name="UsageGraceSyncs">Completed Datto syncs an organization may be missing from before it is "not reported".</param>
/// <param name="UsageGraceAge">...and how long since it was last reported; both must have passed.</param>
public sealed record SyncSettings(
    TimeSpan DattoSyncInterval,
    TimeSpan PsaReadInterval,
    IReadOnlyList<string> PsaAgreementTypes,
    int UsageGraceSyncs,
    TimeSpan UsageGraceAge)
{
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestInterval = TimeSpan.FromDays(7);
    public const int MaxAgreementTypes = 50;

    public static SyncSettings Default { get; } = new(TimeSpan.FromHours(6), TimeSpan.FromHours(6), [], 2, TimeSpan.FromDays(3));

    /// <summary>Whether an agreement of this type is read; types compare as a person reads them (case and outer spaces aside).</summary>
    public bool ReadsAgreementType(string? type) => AgreementTypes.Match(PsaAgreementTypes, null, type);

    public string? Problem() =>
        !Within(DattoSyncInterval) ? $"The Datto sync interval must lie between {ShortestInterval.TotalMinutes} minutes and {LongestInterval.TotalDays} days."
        : !Within(PsaReadInterval) ? $"The PSA read interval must lie between {ShortestInterval.TotalMinutes} minutes and {LongestInterval.TotalDays} days."
        : PsaAgreementTypes.Count > MaxAgreementTypes ? $"At most {MaxAgreementTypes} agreement types can be listed."
        : PsaAgreementTypes.Any(string.IsNullOrWhiteSpace) ? "An agreement type cannot be empty."
        : UsageGraceSyncs is < 1 or > 100 ? "The grace period must be between 1 and 100 missed syncs."
        : UsageGraceAge < TimeSpan.FromHours(1) || UsageGraceAge > TimeSpan.FromDays(90) ? "The grace period must be between 1 hour and 90 days."
        : null;

    // Records compare lists by reference; two settings with the same types in the same order are the same choice.
    public bool SameAs(SyncSettings other) =>
        (DattoSyncInterval, PsaReadInterval, UsageGraceSyncs, UsageGraceAge)
        == (other.DattoSyncInterval, other.PsaReadInterval, other.UsageGraceSyncs, other.UsageGraceAge)
        && PsaAgreementTypes.SequenceEqual(other.PsaAgreementTypes, StringComparer.Ordinal);

    private static bool Within(TimeSpan interval) => interval >= ShortestInterval && interval <= LongestInterval;
}
