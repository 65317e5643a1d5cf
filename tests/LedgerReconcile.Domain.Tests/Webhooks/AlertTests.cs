using LedgerReconcile.Domain.Webhooks;
using static LedgerReconcile.Domain.Webhooks.AlertCommand;
using static LedgerReconcile.Domain.Webhooks.AlertEvent;

namespace LedgerReconcile.Domain.Tests.Webhooks;

public class AlertTests
{
    private const string AlertId = "5d41402abc4b2a76b9719d911017c592";
    private static readonly Dictionary<string, string> Data = new() { ["customer"] = "org-1" };
    private static readonly AlertRaised Raised = new(AlertId, AlertKinds.Drift, ["w1"], Data, "event:1", Sample.Now, "system:webhooks");

    private static DeciderSpec<AlertCommand, AlertEvent, AlertState> Spec() => new(AlertDecider.Decide, AlertState.Evolve, AlertState.Initial);

    private static RecordDeliveryAttempt Attempt(int attempt, DeliveryOutcome outcome, DateTimeOffset? next = null) =>
        new("w1", attempt, outcome == DeliveryOutcome.Delivered ? 200 : 500, null, 12, outcome, next, "system:webhooks", Sample.Now.AddMinutes(attempt));

    [Fact]
    public void RaisingAnAlertAlreadyRaisedChangesNothing() =>
        Spec().Given(Raised).When(new RaiseAlert(AlertId, AlertKinds.Drift, ["w1"], Data, "event:1", Sample.Now, "system:webhooks")).ThenNothing();

    [Fact]
    public void RepeatingAnAttemptAlreadyRecordedChangesNothing() =>
        Spec()
            .Given(Raised, new WebhookDeliveryAttempted(AlertId, "w1", AlertKinds.Drift, 1, 500, null, 12, DeliveryOutcome.WillRetry, Sample.Now.AddMinutes(2), "system:webhooks", Sample.Now))
            .When(Attempt(1, DeliveryOutcome.WillRetry, Sample.Now.AddMinutes(2)))
            .ThenNothing();

    [Fact]
    public void AnAttemptCannotSkipANumber() =>
        Spec().Given(Raised).When(Attempt(2, DeliveryOutcome.Delivered)).ThenViolates("alert.attempt_out_of_order");

    [Fact]
    public void AnAttemptToAWebhookTheAlertDoesNotGoToIsRefused() =>
        Spec().Given(Raised).When(Attempt(1, DeliveryOutcome.Delivered) with { WebhookId = "w2" }).ThenViolates("alert.not_addressed");

    [Fact]
    public void ADeliveredAlertTakesNoMoreAttemptsAndKeepsItsFirstAttemptTime()
    {
        var state = Spec()
            .Given(Raised, new WebhookDeliveryAttempted(AlertId, "w1", AlertKinds.Drift, 1, 500, null, 12, DeliveryOutcome.WillRetry, Sample.Now.AddMinutes(2), "system:webhooks", Sample.Now))
            .When(Attempt(2, DeliveryOutcome.Delivered))
            .ThenState();

        Assert.Equal(new DeliveryProgress(2, Sample.Now, DeliveryOutcome.Delivered, null), state.Deliveries["w1"]);
        Spec().Given(Raised, new WebhookDeliveryAttempted(AlertId, "w1", AlertKinds.Drift, 1, 200, null, 12, DeliveryOutcome.Delivered, null, "system:webhooks", Sample.Now))
            .When(Attempt(2, DeliveryOutcome.WillRetry, Sample.Now.AddHours(1)))
            .ThenNothing();
    }
}
