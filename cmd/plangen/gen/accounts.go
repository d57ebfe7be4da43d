package gen

import (
	"math"
	"strconv"
	"strings"
)

// AccountsFile is the path of the generated accounts, when a Config asks
// for them.
const AccountsFile = "data/accounts.csv"

// AccountColumns is the header row of the accounts CSV: home is the
// territory the carve gives, territory the CRM's current one.
var AccountColumns = []string{"id", "country", "employees", "industry", "potential", "home", "territory"}

// accountsHCL imports the accounts and carves them by their home column.
var accountsHCL = []byte(`
import "accounts" {
  csv = "data/accounts.csv"
}

carve "generated" {
  territory = "account.home"
}
`)

var (
	countries  = []string{"US", "DE", "FR", "GB", "CA", "JP", "BR", "IN"}
	industries = []string{"Software", "Manufacturing", "Retail", "Finance", "Healthcare", "Logistics", "Energy", "Media"}
)

// accountsCSV renders the accounts: each in a random leaf territory, with
// an ISO country code, a potential spread like real ones (many small, a few large), and one in
// twenty held by another territory in the CRM, so the carve moves it.
func (g *generator) accountsCSV() []byte {
	buf := make([]byte, 0, g.cfg.Accounts*80)
	buf = append(buf, strings.Join(AccountColumns, ",")+"\n"...)
	for i := range g.cfg.Accounts {
		home := g.leaves[g.rng.IntN(len(g.leaves))]
		crm := home
		if g.rng.IntN(20) == 0 {
			crm = g.leaves[g.rng.IntN(len(g.leaves))]
		}
		employees := int(math.Ceil(50 * math.Exp(1.5*g.rng.NormFloat64())))
		potential := 1000 * math.Ceil(20*math.Exp(1.2*g.rng.NormFloat64()))
		id := "acct-" + strconv.Itoa(i+1)
		buf = append(buf, id...)
		buf = append(buf, ',')
		buf = append(buf, countries[g.rng.IntN(len(countries))]...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, int64(employees), 10)
		buf = append(buf, ',')
		buf = append(buf, industries[g.rng.IntN(len(industries))]...)
		buf = append(buf, ',')
		buf = strconv.AppendFloat(buf, potential, 'f', -1, 64)
		buf = append(buf, ',')
		buf = append(buf, home.id...)
		buf = append(buf, ',')
		buf = append(buf, crm.id...)
		buf = append(buf, '\n')
	}
	return buf
}
