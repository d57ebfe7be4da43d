package rules

import "github.com/expr-lang/expr/types"

// The subjects rules read (reps, territories, periods, the plan, goals) are
// declared here, once: the rule compiler types each scope from these
// fields, the engine builds its objects and frames from them, and the
// loader refuses attributes named like them. Adding a field to a subject
// is one line in one of these lists, plus its value where the engine
// fills it (a test there checks that every field listed gets one).

// FieldType is the type of a subject field, resolved per plan: measures
// and nested reps depend on the plan's schema.
type FieldType int

// Field types.
const (
	FieldString   FieldType = iota // text
	FieldInt                       // a whole number
	FieldFloat                     // a number
	FieldMeasures                  // a map of every measure of the plan to a number
	FieldReps                      // a list of reps
	FieldAny                       // any value
)

// Field is a fixed field of a subject, besides the attributes and lets a
// plan gives it.
type Field struct {
	Name string
	Type FieldType
	Doc  string // what it holds, for people (hover, docs)
}

// Subject fields, in the order objects lay them out.
var (
	// RepFields are the fields the engine gives every rep.
	RepFields = []Field{
		{"id", FieldString, "the rep's id (its label or CSV id)"},
		{"quota", FieldMeasures, "plan-year total of each measure, after ramp, proration and rounding"},
		{"full_quota", FieldMeasures, "full-productivity annual amount of each measure"},
		{"reports", FieldReps, "the reps that report to it directly"},
		{"team", FieldReps, "everyone below it"},
	}
	// TerritoryFields are the fields the engine gives every territory.
	TerritoryFields = []Field{
		{"id", FieldString, "the territory's id"},
		{"quota", FieldMeasures, "roll-up of each measure over its reps and the territories below it"},
		{"reps", FieldReps, "the reps of the territory and of every territory below it"},
		{FieldBook, FieldAny, "the accounts of the territory and of every territory below it (section 10)"},
	}
	// AccountFields are the fields the engine gives every account, besides
	// the columns of its row.
	AccountFields = []Field{
		{"id", FieldString, "the account's id"},
	}
	// PeriodFields are the fields of a period (one month of the plan).
	PeriodFields = []Field{
		{"id", FieldString, `the month, "2027-03"`},
		{"index", FieldInt, "1 for the plan's first month, 2 for the next ..."},
		{"month", FieldInt, "the calendar month, 1..12"},
		{"quarter", FieldInt, "the quarter of the plan year, 1..4"},
		{"start", FieldString, "the first day, YYYY-MM-DD"},
		{"end", FieldString, "the last day, YYYY-MM-DD"},
		{"days", FieldInt, "days in the month"},
		{"workdays", FieldInt, "Monday to Friday, less the plan's holidays"},
	}
	// PlanFields are the fields of the plan object.
	PlanFields = []Field{
		{"id", FieldString, "the plan's label"},
		{"title", FieldString, "the plan's title"},
		{"start", FieldString, "the first day of the plan, YYYY-MM-DD"},
		{"months", FieldInt, "the plan's length in months"},
		{"currency", FieldString, "the plan's currency"},
	}
	// GoalFields are the fields of a goal in goal-scope rules.
	GoalFields = []Field{
		{"id", FieldString, "the goal's label"},
		{"description", FieldString, "its description"},
		{"measure", FieldString, `the measure that rolls up to it ("" for none)`},
		{"period", FieldString, "FY, Qn or a month id"},
		{"target", FieldFloat, "the target"},
		{"assigned", FieldFloat, "the sum of the quotas that count for it"},
		{"ratio", FieldFloat, "assigned / target"},
		{"expected", FieldFloat, "target x (1 + overassign)"},
		{"overassign", FieldFloat, "the over-assignment cushion"},
		{"reps", FieldInt, "the reps that count for it"},
	}
)

// FieldBook is the territory field that lists its accounts: typed in
// Env as a list of account objects, whose shape depends on the plan.
const FieldBook = "book"

// FieldNames returns the names of fields, in order.
func FieldNames(fields []Field) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f.Name
	}
	return out
}

// Reserved names of rep and territory attributes: the fields the engine
// sets itself.
var (
	RepReserved       = FieldNames(RepFields)
	TerritoryReserved = FieldNames(TerritoryFields)
)

// typeMap types fields; reps is the type of a list of reps.
func typeMap(fields []Field, measures, reps types.Type) types.Map {
	m := make(types.Map, len(fields))
	for _, f := range fields {
		switch f.Type {
		case FieldString:
			m[f.Name] = types.String
		case FieldInt:
			m[f.Name] = types.Int
		case FieldFloat:
			m[f.Name] = types.Float64
		case FieldMeasures:
			m[f.Name] = measures
		case FieldReps:
			m[f.Name] = reps
		default:
			m[f.Name] = types.Any
		}
	}
	return m
}
