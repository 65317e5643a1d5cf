using System.Threading.RateLimiting;

namespace LedgerReconcile.Psa.Http;

/// <summary>
/// The limiter a connector's HTTP pipeline uses: for each request it takes a permit from every shared limiter that
/// <paramref name="limitersFor"/> names for it (the host's budget, Autotask's endpoint threads), and owns none of them.
/// </summary>
internal sealed class HostRequestLimiter(Func<HttpRequestMessage, IReadOnlyList<RateLimiter>> limitersFor) : PartitionedRateLimiter<HttpRequestMessage>
{
    public override RateLimiterStatistics? GetStatistics(HttpRequestMessage resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpRequestMessage resource, int permitCount)
    {
        var leases = new List<RateLimitLease>();
        foreach (var limiter in limitersFor(resource))
        {
            var lease = limiter.AttemptAcquire(permitCount);
            if (!lease.IsAcquired)
                return Refused(leases, lease);
            leases.Add(lease);
        }
        return new AllLeases(leases);
    }

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpRequestMessage resource, int permitCount, CancellationToken cancellationToken)
    {
        var leases = new List<RateLimitLease>();
        try
        {
            foreach (var limiter in limitersFor(resource))
            {
                var lease = await limiter.AcquireAsync(permitCount, cancellationToken);
                if (!lease.IsAcquired)
                    return Refused(leases, lease);
                leases.Add(lease);
            }
        }
        catch
        {
            leases.ForEach(l => l.Dispose());
            throw;
        }
        return new AllLeases(leases);
    }

    private static RateLimitLease Refused(List<RateLimitLease> held, RateLimitLease refusal)
    {
        held.ForEach(l => l.Dispose());
        return refusal;
    }

    private sealed class AllLeases(List<RateLimitLease> leases) : RateLimitLease
    {
        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                leases.ForEach(l => l.Dispose());
        }
    }
}
