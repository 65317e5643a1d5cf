using System.Globalization;
using LedgerReconcile.Datto.Parsing;
using LedgerReconcile.Datto.Usage;

namespace LedgerReconcile.Datto;

public sealed partial class DattoClient
{
    private async Task<IReadOnlyList<DattoSaasDomain>?> ReadSaasDomainsAsync(List<DattoWarning> warnings, CancellationToken cancellationToken)
    {
        const string endpoint = DattoWireFormat.SaasDomainsEndpoint;
        IReadOnlyList<DattoSaasDomain>? domains;
        try
        {
            domains = await ReadPagedAsync(endpoint, null, endpoint, warnings, (item, w) => DattoWireFormat.SaasDomain(item, w), cancellationToken);
        }
        catch (DattoRequestFailedException ex)
        {
            warnings.Add(new(DattoWarningKind.EndpointUnavailable, endpoint, endpoint, $"{ex.Problem}; SaaS Protection left unknown"));
            return null;
        }
        if (domains is null) return null;

        var results = new DattoSaasDomain[domains.Count];
        var domainWarnings = new List<DattoWarning>[domains.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, domains.Count),
            new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentRequests, CancellationToken = cancellationToken },
            async (index, ct) =>
            {
                var local = new List<DattoWarning>();
                results[index] = domains[index] with { Seats = await ReadSeatsAsync(domains[index], local, ct) };
                domainWarnings[index] = local;
            });
        foreach (var local in domainWarnings) warnings.AddRange(local);
        return results;
    }

    private async Task<IReadOnlyList<DattoSeat>?> ReadSeatsAsync(DattoSaasDomain domain, List<DattoWarning> warnings, CancellationToken cancellationToken)
    {
        var endpoint = DattoWireFormat.SeatsEndpoint(domain.SaasCustomerId);
        var subject = domain.SaasCustomerId.ToString(CultureInfo.InvariantCulture);
        string problem;
        try
        {
            var (list, seats) = await GetAsync(endpoint, null, slow: true, root =>
            {
                var parsed = DattoList.Read(root);
                var local = new List<DattoWarning>();
                var read = parsed.Items.Select(item => DattoWireFormat.Seat(item, domain.SaasCustomerId, local)).OfType<DattoSeat>().ToArray();
                return (parsed, (Seats: read, Warnings: local));
            }, cancellationToken);
            if (list.Shape != DattoListShape.Unrecognised)
            {
                warnings.AddRange(seats.Warnings);
                return seats.Seats;
            }
            problem = $"answered {list.Describe()}";
        }
        catch (DattoRequestFailedException ex)
        {
            problem = ex.Problem;
        }
        warnings.Add(new(DattoWarningKind.SeatsFellBackToSeatsUsed, subject, endpoint,
            $"{problem}; using seatsUsed = {domain.SeatsUsed?.ToString(CultureInfo.InvariantCulture) ?? "(none)"} from /saas/domains for {domain.Domain ?? subject}"));
        return null;
    }
}
