//go:build race

package optimize

func init() { raceEnabled = true }
