// The backorder engine's public face: pure functions over plain data.
export { plan, type Plan, type PlannedLine, type StockPlan } from "./plan";
export { comparePlans, type LineMove, type PlanDifference } from "./compare";
export { allocate, shippableStock, sortByPriority, type Allocation, type DemandLine, type Priority } from "./allocation";
export { promise, sortSupply, type LinePromise, type EtaSource, type PromiseTerms, type Promises } from "./promises";
export {
  BADGE_KEY,
  BADGE_NAMESPACE,
  BADGE_TYPE,
  SHOWN_ETA_ATTRIBUTE,
  badgeCommands,
  badgeValue,
  type Badge,
  type BadgeCommand,
  type BadgeStatus,
} from "./badges";
export {
  DEFAULT_ORDER_TAG,
  ORDER_MARK_KEY,
  ORDER_MARK_NAMESPACE,
  ORDER_MARK_TYPE,
  ORDER_TAG_MAX_LENGTH,
  orderMarkCommands,
  orderMarkValue,
  orderTagProblem,
  type OrderMark,
  type OrderMarkCommand,
  type OrderMarkInput,
  type WaitingLineMark,
} from "./order-marks";
export { capHeadroom, desiredPolicy, policyCommand, type CapInput, type PolicyCommand } from "./caps";
export { holdCommands, spreadOverParts, type HeldLineItem, type HoldCommand } from "./holds";
export { HOLD_HANDLE, HOLD_REASON, isOpen, isOpenStatus, isOwnHold } from "./fulfillment-orders";
export { collectDemand, hasPriorityTag, type DemandPart, type ItemLocationDemand } from "./demand";
export { lineKey, parseLineKey, stockKey, uniqueStockKeys, type StockKey } from "./keys";
export { advanceLine, hasEnded, type AuditEvent, type LineAdvance, type LineKey, type LineOutcome } from "./lifecycle";
export {
  planningFigures,
  planningRows,
  sortByShortfall,
  vendorRows,
  type PlanningFigures,
  type PlanningRow,
  type VendorRow,
} from "./planning";
export { addDays, CALENDAR_DATE, shopToday, type CalendarDate } from "./dates";
export { compareGids } from "./ids";
export {
  advanceHistory,
  durationDistribution,
  formatHours,
  percent,
  percentile,
  periodDays,
  periodKpis,
  PERIODS,
  rateAlert,
  unitsWaitingByDay,
  type Bucket,
  type HistoryUpdate,
  type LineHistory,
  type PeriodCounts,
  type PeriodKpis,
  type Period,
} from "./kpis";
export { holdsAnyOf, itemsToPlan, narrowFacts } from "./scope";
export type * from "./facts";
