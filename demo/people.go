package demo

// The people of the fictional bank: 42 names from across Europe, Africa and
// Asia. Sponsors are executives, managers run projects and programs, and
// the team raise and own RAID records and assess change requests.
var (
	sponsors = []string{
		"Margaret Okafor", "Henrik Lindqvist", "Priya Raman", "Jean-Luc Moreau",
		"Catherine Walsh", "Tomasz Nowak", "Amara Mensah", "Sofia Esposito",
		"David Cohen", "Ingrid Bauer", "Rahul Mehta", "Claire Dubois",
	}
	managers = []string{
		"Aisha Bello", "Lukas Schneider", "Mei Lin Tan", "Carlos Ferreira",
		"Emma Johansson", "Oluwaseun Adeyemi", "Niamh O'Connor", "Mateo García",
		"Hannah Fischer", "Yusuf Demir", "Chloé Martin", "Arjun Nair",
		"Zofia Kowalska", "Ben Carter", "Fatima Haddad", "Pieter de Vries",
		"Grace Mwangi", "Tobias Weber", "Elena Petrova", "Kenji Sato",
	}
	team = []string{
		"Marta Silva", "Samuel Osei", "Laura Rossi", "Ahmed Karim", "Julia Novak",
		"Connor Byrne", "Anika Sharma", "Marco Bianchi", "Leila Rahimi", "Jonas Berg",
	}
)

// share returns the slice of people that belongs to portfolio i of n when a
// pool is split between the portfolios of one template cycle, so each PMO
// has its own managers and sponsors.
func share(pool []string, i, n int) []string {
	if n > 3 {
		n = 3
	}
	i %= n
	size := len(pool) / n
	if i == n-1 {
		return pool[i*size:]
	}
	return pool[i*size : (i+1)*size]
}

// Forums and deciders for decisions and change requests.
var forums = []string{"Steering committee", "Change control board", "Design authority", "Investment committee", "Sponsor review"}
