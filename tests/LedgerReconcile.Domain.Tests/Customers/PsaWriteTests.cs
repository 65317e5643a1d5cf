using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.Tests.Customers.PsaQuantityTests;

namespace LedgerReconcile.Domain.Tests.Customers;

public class PsaWriteTests
{
    private static RequestPsaWrite Request(decimal currentOnPsa = 2m, DateOnly? effective = null) =>
        new(WriteId, ProposalId, currentOnPsa, Sample.Now, effective, "worker:psa", Sample.Now);

    [Fact]
    public void RecordsTheIntentToWriteAnApprovedQuantityBeforeSendingIt() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved])
            .When(Request())
            .Then(new PsaWriteRequested(
                WriteId,
                $"ConnectWise:line-agents::4:{ProposalId:N}",
                ProposalId,
                "line-agents",
                PsaKind.ConnectWise,
                PsaWriteStyle.Absolute,
                2m,
                4m,
                null,
                Sample.Person,
                "worker:psa",
                Sample.Now));

    [Fact]
    public void AnAutotaskWriteIsADeltaWithItsEffectiveDate()
    {
        var effective = new DateOnly(2025, 12, 1);

        var requested = Assert.IsType<PsaWriteRequested>(Assert.Single(Spec.Customer
            .Given([.. MappedAndRead(PsaKind.Autotask), Proposed(PsaKind.Autotask), Approved])
            .When(Request(effective: effective))
            .Decide()));

        Assert.Equal((PsaWriteStyle.Delta, effective), (requested.Style, requested.EffectiveDate));
        Assert.Equal($"Autotask:line-agents:2025-12-01:4:{ProposalId:N}", requested.IdempotencyKey);
    }

    [Fact]
    public void AQuantityEditedByHandOnThePsaStopsTheWriteForAPerson() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved])
            .When(Request(currentOnPsa: 5m))
            .Then(
                new PsaQuantityObserved("line-agents", 5m, Sample.Now, "worker:psa"),
                new PsaWriteConflictDetected(ProposalId, "line-agents", 2m, 5m, "worker:psa", Sample.Now));

    [Fact]
    public void RequestingTheSameWriteAgainChangesNothing() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested()]).When(Request()).ThenNothing();

    [Fact]
    public void CantWriteAChangeNobodyApproved() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed()]).When(Request()).ThenViolates("write.not_approved");

    [Fact]
    public void CantWriteAFractionalQuantityToAutotask()
    {
        var fractional = Proposed(PsaKind.Autotask) with { To = 4.5m };

        Spec.Customer
            .Given([.. MappedAndRead(PsaKind.Autotask), fractional, Approved])
            .When(Request())
            .ThenViolates("write.fractional_quantity");
    }

    [Fact]
    public void ConfirmsAWriteThePsaShows()
    {
        var state = Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested()])
            .When(new ConfirmPsaWrite(WriteId, 4m, Sample.Now.AddSeconds(3), "worker:psa", Sample.Now))
            .ThenState();

        Assert.Equal(4m, state.PsaLines["line-agents"].Quantity);
        Assert.Equal(LedgerReconcile.Domain.Customers.ProposalStatus.Written, state.Proposals[ProposalId].Status);
    }

    [Fact]
    public void ConfirmingTwiceChangesNothing() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested(), new PsaWriteConfirmed(WriteId, "line-agents", 4m, "worker:psa", Sample.Now)])
            .When(new ConfirmPsaWrite(WriteId, 4m, Sample.Now, "worker:psa", Sample.Now))
            .ThenNothing();

    [Fact]
    public void ApprovingAWrittenProposalChangesNothingAndSaysItWasWritten()
    {
        CustomerEvent[] written = [.. MappedAndRead(), Proposed(), Approved, WriteRequested(), new PsaWriteConfirmed(WriteId, "line-agents", 4m, "worker:psa", Sample.Now)];
        var approve = new ApproveQuantityChange(ProposalId, null, Sample.Person, Sample.Now);

        Spec.Customer.Given(written).When(approve).ThenNothing();
        Assert.Equal($"Proposal {ProposalId} was already approved and written to the PSA.", CustomerDecider.WhyUnchanged(approve, CustomerState.Fold(written)));
    }

    [Fact]
    public void CantConfirmAWriteThePsaDoesNotShow() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested()])
            .When(new ConfirmPsaWrite(WriteId, 2m, Sample.Now, "worker:psa", Sample.Now))
            .ThenViolates("write.not_applied");

    [Fact]
    public void CantConfirmAnUnknownWrite() =>
        Spec.Customer
            .Given(MappedAndRead())
            .When(new ConfirmPsaWrite(WriteId, 4m, Sample.Now, "worker:psa", Sample.Now))
            .ThenViolates("write.unknown");

    [Fact]
    public void CantConfirmAWriteRecordedAsFailed() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested(), new PsaWriteFailed(WriteId, "line-agents", "HTTP 400", "worker:psa", Sample.Now)])
            .When(new ConfirmPsaWrite(WriteId, 4m, Sample.Now, "worker:psa", Sample.Now))
            .ThenViolates("write.already_failed");

    [Fact]
    public void RecordsAFailedWrite() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested()])
            .When(new RecordPsaWriteFailure(WriteId, "HTTP 400 InvalidObject", "worker:psa", Sample.Now))
            .Then(new PsaWriteFailed(WriteId, "line-agents", "HTTP 400 InvalidObject", "worker:psa", Sample.Now));

    [Fact]
    public void RecordingAFailureTwiceChangesNothing() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested(), new PsaWriteFailed(WriteId, "line-agents", "x", "worker:psa", Sample.Now)])
            .When(new RecordPsaWriteFailure(WriteId, "x", "worker:psa", Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantRecordAFailureForAConfirmedWrite() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested(), new PsaWriteConfirmed(WriteId, "line-agents", 4m, "worker:psa", Sample.Now)])
            .When(new RecordPsaWriteFailure(WriteId, "late timeout", "worker:psa", Sample.Now))
            .ThenViolates("write.already_confirmed");

    [Fact]
    public void AfterAFailedWriteTheApprovedChangeCanBeWrittenAgain()
    {
        var retry = Guid.Parse("0199f000-0000-7000-8000-000000000009");

        var requested = Assert.IsType<PsaWriteRequested>(Assert.Single(Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested(), new PsaWriteFailed(WriteId, "line-agents", "timeout", "worker:psa", Sample.Now)])
            .When(Request() with { WriteId = retry })
            .Decide()));

        Assert.Equal(retry, requested.WriteId);
    }
}
