"""The summaries `kb --help` lists, marked for the catalog.

A command's summary is the first sentence of its docstring (`command_summary` in kb/cli/base.py),
which Babel does not read: each is repeated here so that `pybabel extract` finds it, and `kb --help`
says it in the interface's language. tests/test_i18n.py checks that this list is exactly what
`kb --help`, `kb graph --help` and `kb new --help` show: a command added or reworded fails there
until its summary is here too. Nothing imports this module.
"""

from kb.i18n import N_

SUMMARIES = (
    N_("Check the data files and report every problem as file:line:col: message."),
    N_("Validate the data and (re)build the SQLite database atomically."),
    N_("List cases, oldest first, filtered by court, party, claim, product, status, kind, dates; with each one's "
       "outcome and decision date."),
    N_("Everything about one case: parties, court, claims, ruling, timeline, related cases, sources."),
    N_("Cases connected to one case, strongest first, each with why (relation, party, claim, court); 20 unless "
       "--limit or --all says otherwise (--json: all)."),
    N_("The shortest chain of links between two things, hop by hop."),
    N_("Parties (people, companies, bodies) with the number of cases of each."),
    N_("Courts and agencies with the number of cases of each."),
    N_("The claim taxonomy with the number of cases of each claim."),
    N_("AI products at issue with the number of cases of each."),
    N_("Counts of cases by kind, status, jurisdiction, court, claim and year."),
    N_("Search titles, case numbers, summaries, holdings, names and events."),
    N_("Dated events across cases, in order, each at the precision its source gives."),
    N_("Questions of law, with how many rulings answer each, per jurisdiction and per answer."),
    N_("What each court answered to one question of law: date, court, jurisdiction, answer, holding and case, "
       "oldest first, filtered like `kb cases`; an answer given on appeal names the decision below."),
    N_("Judges with the rulings they decided: case, court, date, role, outcome, holding and answers to questions "
       "of law."),
    N_("Pending, filed, appealed and ongoing cases whose as_of is older than N months (none first), oldest first."),
    N_("US federal cases with no CourtListener docket among their sources, by court."),
    N_("Export the cases (filtered like `kb cases`) or their graph, to stdout or a file."),
    N_("One case as a reference in a CSL style (rendered by citeproc-py), from the case's CSL item: court, case "
       "number, decision date, official citation and its first source's URL."),
    N_("Build a static website: a page per case, court, party, claim and product, a timeline, charts, search."),
    N_("Browse, facet, search and query the database in Datasette (needs the web extra)."),
    N_("Rewrite data files in canonical form: model key order, block style, comments kept."),
    N_("Write schemas/*.schema.json from the models (the data files' editors read them)."),
    N_("Graph analytics: central nodes, clusters of cases, graph statistics."),
    N_("Who and what is most connected: degree and betweenness centrality (estimated from a sample of nodes on "
       "large graphs, as the output says)."),
    N_("Groups of cases that belong together (Louvain communities of cases linked by relations, parties and "
       "products), with the parties, products and claims they share."),
    N_("Nodes and edges by type, connected components, density."),
    N_("Start a new record from a skeleton."),
    N_("A new case record with a fresh id; fill in every TODO from a source, then run kb validate."),
)

# the help Click and Typer give every command, and the titles of the sections of a help page
BUILT_IN = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Usage: "), N_("Arguments"), N_("Options"), N_("Commands"),
)
