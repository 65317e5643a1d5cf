using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.WriteBack;

/// <summary>One customer's part of a write-back pass: where it writes, and the steps the pass reports.</summary>
public sealed record WriteBackContext(string Tenant, string CustomerKey, Domain.Billing.PsaKind Psa, IPsaConnector Connector, List<WriteBackStep> Steps)
{
    public void Add(QuantityProposal proposal, Guid? writeId, WriteBackAction action, string detail) =>
        Steps.Add(new WriteBackStep(CustomerKey, proposal.ProposalId, writeId, proposal.PsaLineId, proposal.From, proposal.To, action, detail));

    public void Add(LineAdditionRequested request, string? psaLineId, WriteBackAction action, string detail) =>
        Steps.Add(new WriteBackStep(CustomerKey, request.ProposalId, request.WriteId, psaLineId ?? "", 0, request.Quantity, action, detail));

    public void Add(PsaWriteRequested request, WriteBackAction action, string detail) =>
        Steps.Add(new WriteBackStep(CustomerKey, request.ProposalId, request.WriteId, request.PsaLineId, request.From, request.To, action, detail));
}
