using System.Globalization;

namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    // Both parts of the grace period must pass: a tenant syncing every 15 minutes must not lose a customer to an
    // afternoon outage on Datto's side, and a tenant syncing weekly must not wait three weeks.
    private static CustomerEvent[] RecordNotReported(RecordUsageNotReported command, CustomerState state)
    {
        if (state.Usage is not { } usage || state.NotReported is not null)
        {
            return [];
        }

        var lastReportedAt = usage.LastSeenAt;
        var missed = MissedSyncs(command, lastReportedAt);
        return missed >= command.GraceSyncs && command.Now - lastReportedAt >= command.GraceAge
            ? [new UsageNotReported(command.RunId, lastReportedAt, missed, command.GraceSyncs, command.GraceAge, command.Actor, command.Now)]
            : [];
    }

    // A sync that started after the last report and completed without this customer missed it; the one that reported
    // it started before its observation.
    private static int MissedSyncs(RecordUsageNotReported command, DateTimeOffset lastReportedAt) =>
        command.CompletedSyncsStartedAt.Count(started => started > lastReportedAt);

    private static string WhyStillReported(RecordUsageNotReported command, CustomerState state) => state switch
    {
        { NotReported: { } silent } => $"This customer is already not reported since {silent.LastReportedAt:O}.",
        { Usage: null } => "This customer never had Datto usage, so there is nothing to stop billing.",
        { Usage: { } usage } => string.Create(
            CultureInfo.InvariantCulture,
            $"Still within the grace period: {MissedSyncs(command, usage.LastSeenAt)} of {command.GraceSyncs} completed syncs missed and "
            + $"{(command.Now - usage.LastSeenAt).TotalHours:0.#} of {command.GraceAge.TotalHours:0.#} hours since it was last reported."),
    };
}
