package demo

// Sentences for status reports, chosen by rating, trend and stage.
var (
	greenSummaries = []string{
		"On track: delivery and spend are in line with the baseline.",
		"Good progress this period; all milestones remain on forecast.",
		"Work is progressing to plan with no material issues.",
		"Steady progress; the team is on course for the next milestone.",
		"Delivery on plan and within budget tolerance.",
		"Sprint goals met and stakeholder feedback is positive.",
		"No change to forecast; risks are under control.",
	}
	// amberSummaries and redSummaries explain the worst dimension: cost
	// (true) or delivery (false).
	amberSummaries = map[bool][]string{
		false: {
			"Minor slippage in testing; recoverable within the current plan.",
			"Supplier delivery is a week late; mitigation agreed with the vendor.",
			"Gaps in the build team are slowing progress.",
			"A platform release we depend on puts the next milestone at risk.",
			"Scope discussions with the business are delaying design sign-off.",
			"Defect backlog is higher than planned; extra test capacity requested.",
		},
		true: {
			"Forecast cost is rising towards tolerance; options under review.",
			"Contractor rates above plan are eating into contingency.",
			"Extra testing effort pushes the forecast above budget; savings being sought.",
		},
	}
	redSummaries = map[bool][]string{
		false: {
			"Go-live date will be missed; a recovery plan is being prepared for the sponsor.",
			"Critical defects found in integration testing block the release.",
			"Key supplier has failed to deliver; the schedule cannot be recovered without a decision.",
			"Data migration rehearsal failed; cutover cannot proceed on the current plan.",
		},
		true: {
			"Forecast cost exceeds tolerance; an exception report goes to the steering committee.",
			"Outside schedule and cost tolerance; a re-baseline is needed.",
			"Supplier change requests push the forecast well over budget; funding decision needed.",
		},
	}
	improvingSummaries = []string{
		"Recovery plan is working; forecast back within tolerance.",
		"Back on track after last month's delays; the revised plan is holding.",
		"Supplier has caught up and testing has resumed at full pace.",
		"Re-baseline approved; the team is delivering against the new plan.",
	}
	holdSummaries = []string{
		"On hold pending a funding decision at the next investment committee.",
		"Paused while the business re-prioritises; team released to other work.",
		"On hold until the dependent platform release is confirmed.",
	}
	closedSummaries = []string{
		"Project closed: closure report approved and handed over to business as usual.",
		"Final report: deliverables accepted, lessons captured, benefits owners confirmed.",
	}
	cancelledSummaries = []string{
		"Stopped at the gate: the business case is no longer viable. Remaining budget released.",
		"Cancelled by the sponsor after re-prioritisation; work stood down in an orderly way.",
	}

	achievements = []string{
		"Completed design sign-off with business stakeholders.",
		"Finished the system integration test cycle.",
		"Ran the pilot with the first user group.",
		"Agreed the cutover approach with Operations.",
		"Closed the high-priority defects from the last test cycle.",
		"Completed the supplier contract review.",
		"Delivered training to the first wave of users.",
		"Migrated the first batch of test data.",
		"Reviewed top risks with the sponsor.",
		"Held the monthly steering committee.",
		"Completed the security assessment.",
		"Released the latest increment to production.",
	}
	nextSteps = []string{
		"Start user acceptance testing.",
		"Finalise the go-live readiness checklist.",
		"Run the second pilot wave.",
		"Complete the data migration dress rehearsal.",
		"Confirm resourcing for the next phase.",
		"Review the change request backlog with the sponsor.",
		"Prepare the operational readiness review.",
		"Agree the hypercare rota with the support teams.",
		"Update the benefits forecast for the steering committee.",
	}
	planningAchievements = []string{
		"Mobilised the core team and agreed ways of working.",
		"Drafted the project charter and RAID log.",
		"Completed the high-level requirements workshops.",
		"Issued the supplier request for proposal.",
	}
	planningNext = []string{
		"Baseline the schedule and budget for the delivery gate.",
		"Agree the resource plan with functional managers.",
		"Select the delivery partner.",
		"Present the plan at the baseline gate.",
	}
	closureAchievements = []string{
		"Go-live completed over the weekend with no priority incidents.",
		"Hypercare incidents are down to business-as-usual levels.",
		"Service owner signed the acceptance certificate.",
		"Legacy components switched off as planned.",
	}
	closureNext = []string{
		"Prepare the closure report for the closure gate.",
		"Run the lessons learned workshop.",
		"Exit hypercare and hand support to the service desk.",
		"Confirm benefit owners and the benefits review date.",
	}
	holdAchievements   = []string{"No delivery activity this period; the team is stood down."}
	holdNext           = []string{"Await the investment committee decision.", "Keep the RAID log current while paused."}
	holdDecisions      = []string{"Decide whether to restart, re-scope or close the project."}
	closedAchievements = []string{
		"Closure report approved; lessons learned shared with the PMO.",
		"Handover to business as usual accepted by the service owner.",
	}
	closedNext    = []string{"Benefits review in six months, owned by the business."}
	cancelledNext = []string{"Archive the project records and release the team."}

	amberDecisions = []string{
		"Approve use of contingency to cover the supplier delay.",
		"Agree the priority of the remaining backlog items.",
		"Confirm additional test resources for four weeks.",
	}
	redDecisions = []string{
		"Approve the recovery plan and revised go-live date.",
		"Decide whether to descope phase 2 to hold the budget.",
		"Release additional funding of up to 10% of budget.",
		"Escalate supplier performance to the executive sponsor.",
	}
)
