package web_test

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/quotaplan/quotaplan/engine/front/session"
	"github.com/quotaplan/quotaplan/engine/front/web"
)

// A letter says how a quota was built in plain words, from the factors
// of its months.
func ExampleBuildLetter() {
	sn, _, _ := session.New(filepath.Join("..", "..", "..", "examples", "starter"), session.Options{}).Evaluate(context.Background(), nil)
	in := &web.Input{Model: sn.Model, Result: sn.Result}
	l := web.BuildLetter(in, sn.Result.Rep("carol"))
	q := l.Quotas[0]
	fmt.Println(q.Measure, q.Total)
	for _, s := range q.Built[1:] {
		fmt.Println("-", s)
	}
	// Output:
	// new_arr $417,000
	// - It is spread over the year by season, so a full month is worth $40,000 in Q1, $46,000 in Q2, $50,000 in Q3 and $64,000 in Q4.
	// - You carry no quota in 2027-02 to 2027-04, when you are not active.
	// - While you ramp up you carry part of the full amount (ramp "new_hire"): 40% in 2027-05 (month 1 with the company), 60% in 2027-06 (month 2 with the company) and 80% in 2027-07 (month 3 with the company).
	// - A month you are active only part of is prorated by its days: 2027-05, where you are active 17 of 31 days (you start during the month).
	// - Each month is rounded to the nearest 1,000.
	// - That makes $417,000 in all.
}

// Rep ids as CRM exports have them become safe, unique file names.
func ExampleLetterFileNames() {
	fmt.Println(web.LetterFileNames([]string{"ann@example.com", "emea/bob", "emea:bob", "index"}))
	// Output:
	// [ann@example.com emea_bob emea_bob-2 index-2]
}
