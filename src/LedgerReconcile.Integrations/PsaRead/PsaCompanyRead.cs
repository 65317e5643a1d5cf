using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Psa.Directory;
using LedgerStatus = LedgerReconcile.Domain.Customers.PsaLineStatus;

namespace LedgerReconcile.Integrations.PsaRead;

/// <summary>What a read said about one mapped line: the values of a <c>RecordPsaLineRead</c>, or nothing when it could not say.</summary>
public sealed record LineObservation(
    string PsaLineId,
    decimal? Quantity,
    bool? Billed,
    LedgerStatus Status,
    DateOnly? EndDate,
    string? ChangedBy,
    DateTimeOffset? ChangedAt,
    DateTimeOffset ObservedAt);

/// <summary>
/// One mapped company as the PSA showed it: an observation per line it could speak for (mapped or not, so a line a
/// service template maps during this read is observed too), the active lines of each agreement read, and warnings.
/// </summary>
public sealed record PsaCompanyRead(
    IReadOnlyDictionary<string, LineObservation> Lines,
    IReadOnlyDictionary<string, IReadOnlyList<PsaLine>> ActiveLinesByAgreement,
    IReadOnlyList<SyncRunWarning> Warnings);

/// <summary>
/// Reads one mapped company: its agreements of the tenant's chosen types, the lines of the active ones (and of the
/// mapped ones even when inactive), and only when a mapped line is still missing, the lines of its other inactive
/// agreements. A mapped line found nowhere is vanished; a line the read cannot speak for (an agreement type not read,
/// a line that starts later) gets no observation at all, so it keeps its last one.
/// </summary>
public static class PsaCompanyReader
{
    private const int ChangedByLength = 200;

    public static async Task<PsaCompanyRead> ReadAsync(
        IPsaDirectory psa, MappedCompany company, SyncSettings settings, DateOnly asOf, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        var all = await psa.ListAgreementsAsync(company.CompanyId, null, cancellationToken);
        var chosen = all.Where(a => a.HasType(settings.PsaAgreementTypes)).ToList();
        var typesLeftOut = all.Count > chosen.Count;

        var found = new Dictionary<string, (PsaLine Line, PsaAgreement Agreement)>(StringComparer.Ordinal);
        async Task ReadLinesAsync(IEnumerable<PsaAgreement> agreements)
        {
            foreach (var agreement in agreements)
            {
                foreach (var line in await psa.ListAgreementLinesAsync(company.CompanyId, agreement.Id, asOf, cancellationToken))
                {
                    found.TryAdd(line.LineRef, (line, agreement));
                }
            }
        }

        var first = chosen.Where(a => a.IsActive || company.AgreementIds.Contains(a.Id)).ToList();
        await ReadLinesAsync(first);
        if (company.PsaLineIds.Any(id => !found.ContainsKey(id)))
        {
            await ReadLinesAsync(chosen.Except(first));
        }

        var lines = found.Values
            .Where(f => f.Line.Status != Psa.PsaLineStatus.NotStarted || !f.Agreement.IsActive)
            .ToDictionary(f => f.Line.LineRef, f => Observe(f.Line, f.Agreement, asOf, readAt), StringComparer.Ordinal);
        var activeLines = found.Values
            .Where(f => f.Agreement.IsActive && f.Line.Counts)
            .GroupBy(f => f.Agreement.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PsaLine>)[.. g.Select(f => f.Line)], StringComparer.Ordinal);
        var warnings = new List<SyncRunWarning>();
        foreach (var lineId in company.PsaLineIds)
        {
            if (found.TryGetValue(lineId, out var read))
            {
                if (read.Line.Status == Psa.PsaLineStatus.NotStarted && read.Agreement.IsActive)
                {
                    warnings.Add(new SyncRunWarning("PsaLineNotStarted", lineId, $"The line starts billing after {asOf:yyyy-MM-dd}; its last observation is kept."));
                }
            }
            else if (typesLeftOut)
            {
                warnings.Add(new SyncRunWarning(
                    "PsaLineNotRead",
                    lineId,
                    $"The line is on none of company {company.CompanyId}'s agreements of the types read ({string.Join(", ", settings.PsaAgreementTypes)}); its last observation is kept."));
            }
            else
            {
                lines[lineId] = new LineObservation(lineId, null, null, LedgerStatus.Vanished, null, null, null, readAt);
            }
        }

        return new PsaCompanyRead(lines, activeLines, warnings);
    }

    // An agreement that no longer bills ends every line on it: from its own end date when the PSA gives one.
    private static LineObservation Observe(PsaLine line, PsaAgreement agreement, DateOnly asOf, DateTimeOffset readAt)
    {
        var (status, endDate) = !agreement.IsActive || line.Status == Psa.PsaLineStatus.AgreementInactive
            ? (LedgerStatus.EndDated, agreement.EndDate ?? line.EndDate ?? asOf)
            : line.Status switch
            {
                Psa.PsaLineStatus.Cancelled => (LedgerStatus.Cancelled, line.EndDate),
                Psa.PsaLineStatus.EndDated => (LedgerStatus.EndDated, line.EndDate ?? asOf),
                _ => (LedgerStatus.Active, (DateOnly?)null),
            };
        var changedBy = line.LastUpdatedBy is { Length: > ChangedByLength } name ? name[..ChangedByLength] : line.LastUpdatedBy;
        var changedAt = line.LastUpdatedAt > readAt ? readAt : line.LastUpdatedAt;
        return new LineObservation(line.LineRef, line.Quantity, line.Billing == PsaBilling.Billable, status, endDate, changedBy, changedAt, readAt);
    }
}
