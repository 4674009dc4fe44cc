// Package auth is the access policy of pmo: what each role may do, how
// grants on a portfolio, program or project inherit downwards, and how
// passwords and secrets are hashed and compared. It does no I/O; the web
// layer asks it, the store keeps what it hashes.
package auth
