package demo

import "github.com/pmohq/pmo"

// portfolioTemplate describes one fictional portfolio of a European bank.
type portfolioTemplate struct {
	code, name, description string
	pmoType                 pmo.PMOType
	cadence                 pmo.Cadence
	currency                string
	weight                  float64 // share of the projects
	budgetMedian            float64 // median project budget, in currency units
	fields                  []pmo.CustomFieldDef
	programs                []programTemplate
	direct                  theme // projects that sit directly under the portfolio
}

// programTemplate describes a program and the vocabulary of its projects.
type programTemplate struct {
	code, name, description string
	theme                   theme
}

// theme is the vocabulary project names and descriptions are built from:
// a name is an object and a kind of work ("Mobile Banking App Redesign").
type theme struct {
	objects  []string
	works    []string
	purposes []string // first sentence of a description
	tags     []string
	estate   bool // buildings work: estate milestones and risks
}

var (
	businessUnits = []string{"Retail Banking", "Commercial Banking", "Wealth Management", "Operations", "Technology", "Group Functions"}
	categories    = []string{"Mandatory/Regulatory", "Run", "Grow", "Transform"}
	regions       = []string{"London", "South East", "Midlands", "North West", "Scotland", "Wales"}
	objectives    = []string{"Grow revenue", "Reduce cost to serve", "Manage risk and compliance", "Transform the customer experience", "Sustainability"}
	regulations   = []string{"DORA Art. 11", "PSD3", "CRR3 / Basel IV", "GDPR Art. 32", "EBA/GL/2019/04", "FCA PS22/9", "CSRD ESRS E1", "AMLD6", "EU AI Act Art. 9"}
)

var templates = []portfolioTemplate{
	{
		code: "ECP", name: "Enterprise Change Portfolio",
		description: "Group-wide change run by the Enterprise PMO: customer, technology and data change across all business units, reviewed monthly by the Group Investment Committee.",
		pmoType:     pmo.OrganisationalPMO, cadence: pmo.Weekly, currency: "EUR", weight: 0.45, budgetMedian: 250_000,
		fields: []pmo.CustomFieldDef{
			{Key: "business_unit", Label: "Business unit", Type: pmo.ChoiceField, Choices: businessUnits, Required: true},
			{Key: "investment_category", Label: "Investment category", Type: pmo.ChoiceField, Choices: categories, Required: true},
			{Key: "benefit_target", Label: "Annual benefit target (EUR)", Type: pmo.NumberField},
			{Key: "regulatory_ref", Label: "Regulatory reference", Type: pmo.TextField},
			{Key: "go_live", Label: "Planned go-live", Type: pmo.DateField},
		},
		programs: []programTemplate{
			{"DCX", "Digital Customer Experience", "Moves everyday banking journeys to digital self-service and lifts digital sales.", theme{
				objects:  []string{"Mobile Banking App", "Online Account Opening", "Customer Portal", "Digital Mortgage Journey", "Card Controls", "Virtual Assistant", "Customer Notifications", "Digital Onboarding", "Self-Service Disputes", "Open Banking Aggregation", "Web Accessibility", "Customer Feedback"},
				works:    []string{"Redesign", "Rollout", "Replatforming", "Enhancements", "Pilot", "Phase 2", "Uplift"},
				purposes: []string{"Cuts onboarding drop-out and grows digital sales", "Lets customers resolve common requests without calling the contact centre", "Brings the digital journey in line with customer expectations and accessibility standards", "Reduces paper and branch handling for everyday servicing"},
				tags:     []string{"digital", "customer"},
			}},
			{"CBM", "Core Banking Modernisation", "Replaces the ageing core platform with a cloud-ready ledger and retires the mainframe.", theme{
				objects:  []string{"Core Ledger", "Payments Hub", "Deposit Products", "Loan Servicing", "Batch Scheduling", "Customer Master Data", "General Ledger Interface", "Mainframe Exit", "Product Catalogue", "Interest Engine", "ISO 20022 Messaging"},
				works:    []string{"Migration", "Replacement", "Decommissioning", "Implementation", "Integration", "Cutover"},
				purposes: []string{"Retires end-of-life platform components and their licence costs", "Moves products onto the new core so they can be changed in weeks, not months", "Removes a single point of failure in overnight processing", "Meets the scheme deadline for richer payment messages"},
				tags:     []string{"legacy-exit", "cloud"},
			}},
			{"DAP", "Data & Analytics Platform", "Builds one governed data platform for reporting, analytics and machine learning.", theme{
				objects:  []string{"Enterprise Data Lake", "Data Catalogue", "Regulatory Reporting Data Mart", "Customer 360", "Data Quality Monitoring", "Self-Service BI", "Machine Learning Platform", "Master Data Management", "Finance Data Warehouse"},
				works:    []string{"Build", "Migration", "Rollout", "Implementation", "Phase 2", "Consolidation"},
				purposes: []string{"Gives analysts trusted, documented data instead of spreadsheet extracts", "Shortens the regulatory reporting cycle and reduces manual adjustments", "Gives every team one view of the customer", "Lets data scientists move models to production safely"},
				tags:     []string{"data"},
			}},
			{"CYR", "Cyber Resilience", "Raises the bank's cyber maturity and meets operational resilience obligations.", theme{
				objects:  []string{"Identity & Access Management", "Privileged Access", "Security Operations Centre", "Endpoint Detection", "Zero Trust Network", "Backup & Recovery", "Third-Party Risk", "Resilience Testing", "Email Security"},
				works:    []string{"Uplift", "Implementation", "Rollout", "Replacement", "Hardening", "Phase 2"},
				purposes: []string{"Closes findings from the last internal audit of access controls", "Meets DORA requirements for ICT risk management and testing", "Reduces the time to detect and contain an incident", "Protects critical services against ransomware"},
				tags:     []string{"security", "regulatory"},
			}},
		},
		direct: theme{
			objects:  []string{"Microsoft 365 Tenant", "Service Desk Tooling", "Contract Management System", "HR Self-Service", "Procurement Portal", "Expense Management"},
			works:    []string{"Upgrade", "Implementation", "Replacement", "Rollout"},
			purposes: []string{"Replaces an unsupported tool used across the group", "Simplifies an internal process that today runs on email and spreadsheets"},
			tags:     []string{"efficiency"},
		},
	},
	{
		code: "UKP", name: "UK Property & Net Zero Portfolio",
		description: "The UK programme office's portfolio: branch and office estate, workplace change and the route to net zero operations by 2030.",
		pmoType:     pmo.ProgramPMO, cadence: pmo.Weekly, currency: "GBP", weight: 0.35, budgetMedian: 200_000,
		fields: []pmo.CustomFieldDef{
			{Key: "region", Label: "Region", Type: pmo.ChoiceField, Choices: regions, Required: true},
			{Key: "carbon_saving", Label: "Annual carbon saving (tCO2e)", Type: pmo.NumberField},
			{Key: "benefit_target", Label: "Annual benefit target (GBP)", Type: pmo.NumberField, Required: true},
			{Key: "planning_ref", Label: "Planning consent reference", Type: pmo.TextField},
			{Key: "go_live", Label: "Handover date", Type: pmo.DateField},
		},
		programs: []programTemplate{
			{"NZE", "Net Zero Estates", "Cuts operational emissions of the estate on the path to net zero by 2030.", theme{
				objects:  []string{"Heat Pump Retrofit", "LED Lighting Upgrade", "Solar PV Installation", "Building Management System", "EV Charging Points", "Smart Metering", "Fleet Electrification", "Energy Audit", "Green Lease"},
				works:    []string{"Phase 1", "Phase 2", "Rollout", "Pilot", "Programme"},
				purposes: []string{"Cuts gas consumption across the regional estate", "Reduces electricity use and maintenance cost", "Supports the 2030 operational net zero commitment", "Gives facilities teams half-hourly energy data"},
				tags:     []string{"net-zero", "esg"},
				estate:   true,
			}},
			{"BNR", "Branch Network Renewal", "Reshapes the branch network around advice, community hubs and self-service.", theme{
				objects:  []string{"Branch Refit", "Community Banking Hub", "ATM Estate", "Self-Service Kiosks", "Queue Management", "Branch Wi-Fi", "Cash Recycler"},
				works:    []string{"Rollout", "Pilot", "Refresh", "Wave 1", "Wave 2"},
				purposes: []string{"Turns transaction counters into advice space", "Keeps cash access in towns where branches have closed", "Replaces equipment that has reached end of support"},
				tags:     []string{"customer", "branches"},
				estate:   true,
			}},
			{"FWP", "Future Workplace", "Consolidates offices and equips them for hybrid working.", theme{
				objects:  []string{"Head Office Consolidation", "Desk Booking", "Meeting Room AV", "Regional Hub Fit-Out", "Facilities Helpdesk", "Building Access Control"},
				works:    []string{"Fit-Out", "Rollout", "Implementation", "Upgrade"},
				purposes: []string{"Releases two leased floors and their running costs", "Supports hybrid working with bookable space", "Replaces an unsupported building system"},
				tags:     []string{"workplace", "cost-reduction"},
				estate:   true,
			}},
			{"CDT", "Consumer Duty", "Embeds the FCA Consumer Duty across products, communications and outcomes monitoring.", theme{
				objects:  []string{"Fair Value Assessment", "Vulnerable Customer Flagging", "Product Governance", "Customer Outcomes MI", "Complaints Root-Cause Analysis", "Communications Testing"},
				works:    []string{"Implementation", "Uplift", "Tooling", "Phase 2"},
				purposes: []string{"Evidences good customer outcomes to the board and the regulator", "Closes gaps found in the first annual Consumer Duty assessment", "Makes sure vulnerable customers are identified and supported"},
				tags:     []string{"regulatory", "customer"},
			}},
		},
		direct: theme{
			objects:  []string{"Property Data Register", "Lease Management System", "Health & Safety Compliance", "Fire Safety Systems", "Waste & Recycling Contract"},
			works:    []string{"Implementation", "Refresh", "Review"},
			purposes: []string{"Gives the property team one register of sites, leases and obligations"},
			tags:     []string{"compliance"},
			estate:   true,
		},
	},
	{
		code: "SIP", name: "Strategic Investment Portfolio",
		description: "The executive office's portfolio of board-sponsored strategic investments: acquisitions, new markets, AI and sustainable finance.",
		pmoType:     pmo.ExecutivePMO, cadence: pmo.Monthly, currency: "EUR", weight: 0.20, budgetMedian: 650_000,
		fields: []pmo.CustomFieldDef{
			{Key: "strategic_objective", Label: "Strategic objective", Type: pmo.ChoiceField, Choices: objectives, Required: true},
			{Key: "npv", Label: "Net present value (EUR)", Type: pmo.NumberField, Required: true},
			{Key: "board_approval", Label: "Board approval date", Type: pmo.DateField},
			{Key: "regulatory_ref", Label: "Regulatory reference", Type: pmo.TextField},
		},
		programs: []programTemplate{
			{"NBI", "Nordbank Integration", "Integrates the acquired Nordbank into the group's brand, systems and organisation.", theme{
				objects:  []string{"Customer Migration", "Brand Transition", "Legacy Systems Decommissioning", "Finance Integration", "HR Harmonisation", "Treasury Integration"},
				works:    []string{"Wave 1", "Wave 2", "Planning", "Execution"},
				purposes: []string{"Delivers the cost synergies promised in the acquisition case", "Moves Nordbank customers onto group products without disruption"},
				tags:     []string{"m-and-a", "synergies"},
			}},
			{"NMX", "New Markets Expansion", "Opens new customer segments and markets for growth.", theme{
				objects:  []string{"Iberia Market Entry", "SME Lending", "Embedded Finance Partnership", "Buy Now Pay Later", "Wealth Advisory", "Banking Licence"},
				works:    []string{"Launch", "Pilot", "Scale-Up", "Application"},
				purposes: []string{"Opens a new revenue stream in a growing segment", "Tests demand with a limited launch before scaling"},
				tags:     []string{"growth"},
			}},
			{"AIA", "AI & Automation", "Applies AI and automation to cut cost to serve and improve decisions.", theme{
				objects:  []string{"Document Intelligence", "Intelligent Process Automation", "Credit Decisioning Models", "GenAI Colleague Assistant", "Fraud Detection Models", "Speech Analytics", "Model Risk Governance"},
				works:    []string{"Pilot", "Scale-Up", "Implementation", "Phase 2"},
				purposes: []string{"Automates manual back-office processing", "Improves decision quality while staying within model risk appetite", "Gives colleagues faster answers from policy and product documents"},
				tags:     []string{"ai", "efficiency"},
			}},
			{"SFN", "Sustainable Finance", "Grows green lending and meets climate disclosure requirements.", theme{
				objects:  []string{"Green Mortgage", "Financed Emissions Reporting", "Climate Risk Stress Testing", "ESG Data Sourcing", "CSRD Reporting"},
				works:    []string{"Launch", "Implementation", "Phase 2", "Uplift"},
				purposes: []string{"Meets CSRD disclosure obligations for the coming reporting year", "Grows green lending in line with the climate strategy"},
				tags:     []string{"esg", "regulatory"},
			}},
		},
		direct: theme{
			objects:  []string{"Target Operating Model", "Strategic Cost Review", "Group Brand Refresh"},
			works:    []string{"Design", "Review", "Implementation"},
			purposes: []string{"Shapes the group's operating model for the next strategy cycle"},
			tags:     []string{"strategy"},
		},
	},
}

// scopes is the second sentence of a project description.
var scopes = []string{
	"Covers design, build, testing and business readiness, with four weeks of hypercare after go-live.",
	"Delivered with a strategic supplier under a fixed-price contract.",
	"Agile delivery by two cross-functional squads with quarterly releases.",
	"Includes decommissioning of the legacy solution once the new one is stable.",
	"Delivered in waves, starting with a pilot before national rollout.",
	"Run jointly with Operations, who own the business change and training.",
	"Scope agreed at the funding gate; options for a second phase are held in the pipeline.",
	"Depends on shared platform teams for environments and release management.",
}

// The people of the fictional bank: 42 names from across Europe, Africa and
// Asia. Sponsors are executives, managers run projects and programs, and
// the team raise and own RAID records and assess change requests.
var (
	sponsors = []string{
		"Margaret Okafor", "Henrik Lindqvist", "Priya Raman", "Jean-Luc Moreau",
		"Catherine Walsh", "Tomasz Nowak", "Amara Mensah", "Sofia Esposito",
		"David Cohen", "Ingrid Bauer",
	}
	managers = []string{
		"Aisha Bello", "Lukas Schneider", "Mei Lin Tan", "Carlos Ferreira",
		"Emma Johansson", "Oluwaseun Adeyemi", "Niamh O'Connor", "Mateo García",
		"Hannah Fischer", "Yusuf Demir", "Chloé Martin", "Arjun Nair",
		"Zofia Kowalska", "Ben Carter", "Fatima Haddad", "Pieter de Vries",
		"Grace Mwangi", "Tobias Weber", "Elena Petrova", "Kenji Sato",
		"Rahul Mehta", "Claire Dubois", "Samuel Osei", "Laura Rossi",
	}
	team = []string{
		"Marta Silva", "Ahmed Karim", "Julia Novak", "Connor Byrne",
		"Anika Sharma", "Marco Bianchi", "Leila Rahimi", "Jonas Berg",
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
