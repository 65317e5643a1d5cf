using LedgerReconcile.Domain;

namespace LedgerReconcile.Application.Customers;

/// <summary>A customer's folded ledger and the stream revision to use as its ETag.</summary>
public sealed record GetCustomerLedger(string Tenant, string CustomerKey) : IQuery<LoadedStream<CustomerState>>;

public sealed class GetCustomerLedgerValidator : AbstractValidator<GetCustomerLedger>
{
    public GetCustomerLedgerValidator()
    {
        RuleFor(q => q.Tenant).Must(StreamNames.IsValidTenant);
        RuleFor(q => q.CustomerKey).Must(CustomerKeys.IsValid);
    }
}

public sealed class GetCustomerLedgerHandler(CustomerLedger ledger) : IQueryHandler<GetCustomerLedger, LoadedStream<CustomerState>>
{
    public async ValueTask<LoadedStream<CustomerState>> Handle(GetCustomerLedger query, CancellationToken cancellationToken) =>
        await ledger.LoadAsync(query.Tenant, query.CustomerKey, cancellationToken);
}
