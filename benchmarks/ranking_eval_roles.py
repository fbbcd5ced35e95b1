"""The roles of the honest ranking evaluation set (``benchmarks.ranking_eval_build``): how
each job is advertised and how the people holding it describe themselves, in everyday
phrasing, never in the ranker's skills vocabulary."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """A role: how its job is advertised and how the people holding it describe themselves."""

    key: str
    job_title: str
    job_description: str
    job_requirements: str
    titles: tuple[str, ...]
    headlines: tuple[str, ...]
    lines: tuple[str, ...]
    summaries: tuple[str, ...]
    adjacent: tuple[str, ...] = ()


ROLES = (
    Role(
        "backend",
        "Backend Engineer",
        "You will design and run the services behind our mobile app: APIs, data storage and "
        "the jobs that keep orders flowing.",
        "Several years writing server-side code in Python, Go or Java; relational databases; "
        "designing HTTP APIs; testing and code review.",
        (
            "Backend Engineer",
            "Senior Software Engineer, Backend",
            "Server-side Developer",
            "Software Engineer (APIs)",
            "Python Developer",
        ),
        (
            "I build the services and APIs that apps talk to",
            "Server-side engineer who likes boring, reliable systems",
            "Writing Python and Go for high-traffic web services",
        ),
        (
            "Designed the REST API for the order service and kept p99 under 80 ms",
            "Moved the billing jobs from cron scripts to a queue with retries",
            "Wrote the Postgres schema for payments and its migrations",
            "Split a Django monolith into three services",
            "Cut database load in half by adding caching and fixing N+1 queries",
            "Built the webhook delivery system for partner integrations",
            "Reviewed code and mentored two junior developers on the API team",
            "Implemented authentication and rate limiting for the public API",
        ),
        (
            "Most of my career has been server-side web development.",
            "I care about clean APIs, good tests and databases that stay fast.",
            "Happiest owning a service end to end, from schema to on-call.",
        ),
        ("sre", "frontend", "data_science"),
    ),
    Role(
        "frontend",
        "Frontend Developer",
        "Build the web app our customers use every day, with our designers, from component "
        "library to checkout flow.",
        "Strong React and TypeScript, modern CSS, accessibility, browser performance; working "
        "closely with design.",
        (
            "Frontend Developer",
            "Front-End Engineer",
            "UI Engineer",
            "Senior React Developer",
            "Web Developer (Frontend)",
        ),
        (
            "I make web interfaces that are fast and accessible",
            "Front-end engineer, React and TypeScript",
            "Turning designs into pixel-accurate, accessible UIs",
        ),
        (
            "Rebuilt the checkout pages in React and TypeScript, conversion up 9%",
            "Created the shared component library used by four product teams",
            "Brought the web app to WCAG AA with keyboard navigation and screen reader fixes",
            "Cut bundle size by 40% with code splitting and lazy loading",
            "Built responsive layouts with CSS grid for the marketing site and app",
            "Wrote end-to-end browser tests with Playwright",
            "Migrated the dashboard from AngularJS to React",
            "Paired with designers in Figma to build the new design system",
        ),
        (
            "I work where design meets code, in the browser.",
            "Frontend developer who cares about accessibility and performance.",
            "I enjoy building interfaces people find obvious.",
        ),
        ("backend", "product_design"),
    ),
    Role(
        "sre",
        "Site Reliability Engineer",
        "Keep our platform up: infrastructure as code, Kubernetes clusters, monitoring, incident "
        "response and capacity planning.",
        "Linux, Kubernetes, Terraform, a cloud provider (AWS or GCP), Prometheus and Grafana, "
        "on-call experience.",
        (
            "Site Reliability Engineer",
            "DevOps Engineer",
            "SRE",
            "Platform Engineer",
            "Infrastructure Engineer",
        ),
        (
            "Keeping production boring since 2015",
            "I run Kubernetes clusters and the pipelines that deploy to them",
            "Infrastructure, automation and on-call",
        ),
        (
            "Ran the on-call rotation and wrote the incident postmortem process",
            "Managed 30 Kubernetes clusters on AWS with Terraform",
            "Set up Prometheus, Grafana and alerting for 200 services",
            "Cut deploy time from 40 to 6 minutes with a new CI/CD pipeline",
            "Led the migration from VMs to containers",
            "Defined SLOs and error budgets with the product teams",
            "Automated certificate rotation and DNS with Ansible",
            "Did capacity planning and cut the cloud bill by 30%",
        ),
        (
            "I like systems that heal themselves and pages that never come.",
            "Infrastructure engineer with a developer's habits: everything in code.",
            "Reliability is a feature; I make it measurable.",
        ),
        ("backend",),
    ),
    Role(
        "data_science",
        "Data Scientist",
        "Help the business decide with data: experiments, forecasting and models that ship into "
        "the product.",
        "Statistics, Python (pandas, scikit-learn), SQL, A/B testing, communicating results to "
        "non-technical people.",
        (
            "Data Scientist",
            "Senior Data Scientist",
            "Machine Learning Scientist",
            "Applied Scientist",
            "Quantitative Analyst",
        ),
        (
            "Statistics, experiments and models that get used",
            "I turn messy data into decisions",
            "Data scientist working on forecasting and experimentation",
        ),
        (
            "Built the demand forecasting model used to plan inventory",
            "Designed and analysed A/B tests for the pricing team",
            "Trained a churn prediction model with gradient boosting, shipped as a daily batch job",
            "Wrote SQL and Python notebooks to answer product questions every week",
            "Presented experiment results to leadership in plain language",
            "Built a recommendation model that raised basket size by 4%",
            "Cleaned and joined clickstream data for causal analysis",
            "PhD research on Bayesian hierarchical models",
        ),
        (
            "I enjoy the whole path from question to model to decision.",
            "Careful with statistics, practical about what ships.",
            "Numbers person with a soft spot for good charts.",
        ),
        ("backend",),
    ),
    Role(
        "product_design",
        "Product Designer",
        "Own the experience of our mobile and web products, from research to polished "
        "interface, working with product managers and engineers.",
        "A portfolio of shipped product work, user research, interaction and visual design, "
        "Figma, prototyping.",
        (
            "Product Designer",
            "UX Designer",
            "UI/UX Designer",
            "Senior Product Designer",
            "Interaction Designer",
        ),
        (
            "Designing products people understand on first use",
            "UX and interface designer, research-led",
            "I design apps and the systems behind them",
        ),
        (
            "Ran user interviews and usability tests for the onboarding redesign",
            "Designed the mobile banking app from wireframes to final screens in Figma",
            "Built and maintained the design system with tokens and components",
            "Prototyped the new search experience and tested it with 12 customers",
            "Redesigned the settings area, support tickets about it fell by a third",
            "Worked with engineers on interaction details and accessibility",
            "Led a design sprint for the new marketplace feature",
            "Created journey maps and personas from research",
        ),
        (
            "I start from research and end in pixels.",
            "Designer who likes constraints and working closely with engineers.",
            "My portfolio is mostly complex tools made simple.",
        ),
        ("frontend", "product_management"),
    ),
    Role(
        "product_management",
        "Product Manager",
        "Decide what we build next for our B2B platform: talk to customers, set the roadmap and "
        "ship with a team of engineers and a designer.",
        "Product management experience, customer discovery, prioritisation, writing specs, "
        "working with data and engineering teams.",
        (
            "Product Manager",
            "Senior Product Manager",
            "Product Owner",
            "Group Product Manager",
            "Technical Product Manager",
        ),
        (
            "I help teams build the right thing",
            "Product manager for B2B software",
            "Discovery, roadmaps and shipping",
        ),
        (
            "Owned the roadmap for the invoicing product and grew its revenue 35%",
            "Ran customer discovery interviews every week",
            "Wrote product requirements and prioritised the backlog with the team",
            "Launched the self-serve plan, from pricing to onboarding",
            "Defined success metrics and reviewed them with leadership monthly",
            "Worked with design and engineering leads to cut scope and ship on time",
            "Led the product side of the enterprise single sign-on launch",
            "Ran beta programs with 20 customers before general release",
        ),
        (
            "I connect what customers need with what the team can build.",
            "Product manager with a background in consulting.",
            "Outcomes over output.",
        ),
        ("product_design", "marketing"),
    ),
    Role(
        "accounting",
        "Senior Accountant",
        "Keep our books accurate: month-end close, reconciliations, VAT and audit preparation, "
        "for a growing company in three countries.",
        "Qualified accountant (ACCA, CPA or similar), general ledger, month-end close, "
        "reconciliations, Excel, ERP systems.",
        (
            "Senior Accountant",
            "Accountant",
            "Financial Accountant",
            "Chartered Accountant",
            "Finance Manager",
        ),
        (
            "Chartered accountant, month-end close and audits",
            "Numbers that balance, on time",
            "Accounting for growing multi-entity companies",
        ),
        (
            "Ran the month-end close for four entities in five working days",
            "Prepared the statutory accounts and led the external audit",
            "Reconciled bank, payroll and intercompany balances",
            "Filed quarterly VAT returns in three countries",
            "Moved the ledger from spreadsheets to NetSuite",
            "Built the cash flow forecast used by the CFO",
            "Managed accounts payable and receivable with a team of three",
            "Prepared management accounts and variance analysis every month",
        ),
        (
            "Qualified accountant who likes clean ledgers and clear reports.",
            "Ten years in finance teams, from audit firm to in-house.",
            "I make the close faster each quarter.",
        ),
        (),
    ),
    Role(
        "nursing",
        "Registered Nurse, Medical Ward",
        "Care for adult patients on a busy medical ward: assessments, medication, care plans and "
        "working with the wider clinical team. Day and night shifts.",
        "Registered nurse licence, acute adult care experience, medication administration, "
        "patient assessment, teamwork.",
        (
            "Registered Nurse",
            "Staff Nurse",
            "RN, Medical-Surgical",
            "Charge Nurse",
            "Senior Staff Nurse",
        ),
        (
            "Registered nurse in acute adult care",
            "Caring for patients on busy hospital wards",
            "Nurse with eight years on medical and surgical wards",
        ),
        (
            "Cared for up to eight patients per shift on an acute medical ward",
            "Administered medication and IV therapy and kept the drug charts",
            "Assessed patients on admission and wrote their care plans",
            "Led the shift as nurse in charge on weekends",
            "Mentored nursing students on their placements",
            "Recognised deteriorating patients early and escalated to the doctors",
            "Worked nights on the respiratory ward during the winter surge",
            "Supported families through end-of-life care",
        ),
        (
            "Compassionate nurse who stays calm when the ward is full.",
            "I love bedside care and teaching new nurses.",
            "Patient safety first, always.",
        ),
        ("physio", "pharmacy"),
    ),
    Role(
        "physio",
        "Physiotherapist",
        "Treat outpatients with musculoskeletal problems and help them back to work and sport, "
        "in our clinic.",
        "Physiotherapy degree and registration, musculoskeletal assessment, exercise "
        "programmes, manual therapy.",
        (
            "Physiotherapist",
            "Physical Therapist",
            "Senior Physiotherapist",
            "Musculoskeletal Physiotherapist",
            "Sports Physiotherapist",
        ),
        (
            "Helping people move without pain",
            "Physiotherapist, musculoskeletal and sports injuries",
            "Rehab after injury and surgery",
        ),
        (
            "Assessed and treated 15 outpatients a day with back, neck and knee pain",
            "Designed exercise programmes for people returning to running",
            "Ran post-operative rehab classes after knee and hip replacement",
            "Worked with a semi-professional football club on injury prevention",
            "Used manual therapy and dry needling alongside exercise",
            "Supervised physiotherapy students on placement",
            "Ran falls prevention groups for older adults",
            "Kept treatment notes and outcome measures for every patient",
        ),
        (
            "I believe in exercise, education and patience.",
            "Physio who enjoys getting people back to what they love.",
            "Clinician first, with an eye on evidence.",
        ),
        ("nursing",),
    ),
    Role(
        "pharmacy",
        "Pharmacist",
        "Lead the dispensary of a busy community pharmacy: check prescriptions, advise patients "
        "and run clinical services.",
        "Registered pharmacist, dispensing and clinical checks, patient counselling, "
        "vaccinations or medicine reviews.",
        (
            "Pharmacist",
            "Community Pharmacist",
            "Clinical Pharmacist",
            "Pharmacy Manager",
            "Locum Pharmacist",
        ),
        (
            "Community pharmacist, patient care first",
            "Making sure every prescription is right",
            "Pharmacist running clinical services",
        ),
        (
            "Clinically checked about 300 prescriptions a day",
            "Counselled patients on new medicines and side effects",
            "Ran the flu vaccination clinic every autumn",
            "Carried out medicine use reviews for patients on many medicines",
            "Managed the controlled drugs register and stock",
            "Supervised dispensing assistants and pre-registration trainees",
            "Worked with GPs to resolve prescribing errors",
            "Managed the store's pharmacy team and its inspections",
        ),
        (
            "I like the mix of science and talking to people.",
            "Pharmacist with hospital and community experience.",
            "Safe medicines, clear advice.",
        ),
        ("nursing",),
    ),
    Role(
        "sales",
        "Account Executive",
        "Win new business for our software: run the sales cycle from first call to signed "
        "contract with mid-market companies.",
        "Closing B2B deals, pipeline management, a CRM such as Salesforce, negotiation, meeting "
        "quota.",
        (
            "Account Executive",
            "Senior Account Executive",
            "Sales Executive",
            "Business Development Manager",
            "Enterprise Sales Representative",
        ),
        (
            "I close deals and keep customers happy",
            "B2B sales, new business",
            "Quota-carrying account executive",
        ),
        (
            "Closed $1.4M in new annual contracts, 128% of quota",
            "Ran the full sales cycle from discovery call to signature",
            "Built pipeline through cold outreach and events",
            "Negotiated multi-year contracts with procurement teams",
            "Kept every deal and forecast up to date in Salesforce",
            "Won the President's Club trip two years running",
            "Worked with sales engineers on demos for technical buyers",
            "Grew the territory from 5 to 40 customers",
        ),
        (
            "I like a hard negotiation and a happy customer.",
            "Consistent over-achiever on quota.",
            "Relationship builder who also loves the numbers.",
        ),
        ("customer_support", "marketing"),
    ),
    Role(
        "recruiting",
        "Recruiter",
        "Fill roles across our company: sourcing, screening, interviewing and closing offers "
        "with hiring managers.",
        "In-house or agency recruiting experience, sourcing, interviewing, an applicant "
        "tracking system, stakeholder management.",
        (
            "Recruiter",
            "Talent Acquisition Partner",
            "Senior Recruiter",
            "Talent Partner",
            "Recruitment Consultant",
        ),
        (
            "I find people and help them find their next job",
            "Talent acquisition for growing companies",
            "Recruiter, full cycle",
        ),
        (
            "Hired 45 people in a year across product, sales and operations",
            "Sourced candidates on LinkedIn and at meetups",
            "Ran phone screens and coordinated interview loops",
            "Advised hiring managers on job descriptions and salary bands",
            "Negotiated and closed offers",
            "Built the employer brand with the marketing team",
            "Set up structured interviews and scorecards",
            "Cut time to hire from 60 to 35 days",
        ),
        (
            "People person with a process.",
            "I like matching the right person to the right team.",
            "Recruiter who treats candidates like customers.",
        ),
        (),
    ),
    Role(
        "customer_support",
        "Customer Support Specialist",
        "Help our customers by email, chat and phone, solve their problems and tell the product "
        "team what hurts.",
        "Customer service experience, clear writing, patience, a help desk tool such as Zendesk, "
        "troubleshooting.",
        (
            "Customer Support Specialist",
            "Customer Service Representative",
            "Support Agent",
            "Customer Success Associate",
            "Help Desk Analyst",
        ),
        (
            "Helping customers get unstuck",
            "Customer support by chat, email and phone",
            "Friendly, fast support",
        ),
        (
            "Answered 60 chats and emails a day with a 96% satisfaction score",
            "Wrote help centre articles that cut repeat tickets",
            "Handled refunds, billing questions and complaints",
            "Trained new agents on the tone of voice and the tools",
            "Reported recurring problems to the product team",
            "Worked the phone queue during peak season",
            "Managed tickets in Zendesk and kept macros up to date",
            "Escalated urgent cases and followed them up until solved",
        ),
        (
            "Patient, clear and kind, even on the hardest days.",
            "I enjoy solving problems for people.",
            "Support professional who loves happy customers.",
        ),
        ("sales",),
    ),
    Role(
        "logistics",
        "Operations Manager, Warehouse",
        "Run the day-to-day of our distribution centre: people, shifts, stock, carriers and "
        "safety.",
        "Warehouse or logistics operations management, shift planning, inventory, carrier "
        "management, health and safety.",
        (
            "Warehouse Operations Manager",
            "Logistics Manager",
            "Operations Manager",
            "Distribution Centre Manager",
            "Supply Chain Coordinator",
        ),
        (
            "Getting goods out the door on time",
            "Warehouse and logistics operations",
            "Operations manager in distribution",
        ),
        (
            "Ran a 24/7 distribution centre with 120 staff",
            "Planned shifts and overtime for peak season",
            "Negotiated rates with carriers and tracked their on-time delivery",
            "Cut picking errors by 30% with new slotting and scanners",
            "Led the health and safety committee",
            "Managed stock counts and inventory accuracy",
            "Opened a new cross-docking site",
            "Reported daily throughput and costs to the regional director",
        ),
        (
            "I like busy floors, clear plans and safe teams.",
            "Operations leader with a background in the army.",
            "Practical problem solver on the warehouse floor.",
        ),
        (),
    ),
    Role(
        "marketing",
        "Marketing Manager",
        "Grow demand for our products: campaigns, content, paid channels and the numbers behind "
        "them.",
        "B2B or B2C marketing, campaign planning, paid social and search, content, marketing "
        "analytics.",
        (
            "Marketing Manager",
            "Growth Marketer",
            "Digital Marketing Manager",
            "Content Marketing Manager",
            "Brand Manager",
        ),
        (
            "Campaigns that grow pipeline",
            "Digital marketer, paid and organic",
            "Marketing manager who loves a good story",
        ),
        (
            "Planned and ran campaigns that doubled marketing-qualified leads",
            "Managed a paid search and social budget of $50k a month",
            "Wrote the content calendar, blog and newsletter",
            "Launched two products with positioning and messaging",
            "Ran SEO work that tripled organic traffic",
            "Reported funnel metrics and attribution every week",
            "Managed the agency for the brand refresh",
            "Organised the annual customer conference",
        ),
        (
            "Creative and data-driven in equal parts.",
            "I like telling a product's story to the right people.",
            "Marketer with a growth mindset.",
        ),
        ("sales", "product_management"),
    ),
    Role(
        "legal",
        "Commercial Lawyer",
        "Advise the business on contracts, data protection and disputes, as our second in-house "
        "lawyer.",
        "Qualified lawyer, commercial contracts, negotiation, data protection law, in-house or "
        "law-firm experience.",
        (
            "Commercial Lawyer",
            "Legal Counsel",
            "Senior Associate, Corporate",
            "Solicitor",
            "In-house Counsel",
        ),
        (
            "Commercial lawyer, contracts and data protection",
            "Legal advice that helps the business move",
            "In-house counsel for technology companies",
        ),
        (
            "Drafted and negotiated customer, supplier and partner contracts",
            "Advised on GDPR and wrote the data processing agreements",
            "Handled two commercial disputes through settlement",
            "Trained the sales team on contract basics",
            "Reviewed marketing claims and terms and conditions",
            "Qualified as a solicitor at a City law firm",
            "Ran the company's trademark portfolio",
            "Advised the board on the acquisition of a competitor",
        ),
        (
            "Pragmatic lawyer who explains risk in plain words.",
            "I like contracts that people can actually read.",
            "Commercial and tech law, in-house and private practice.",
        ),
        (),
    ),
)
