// What the scheduler calls (from its loop, on the one active scheduler): evaluate, then deliver.
export { evaluateAlertRules, type EvaluationSummary } from "./evaluate-alert-rules";
export { deliverPendingAlertEvents, alertDelivery, type DeliverySummary } from "./deliver-pending-alert-events";
