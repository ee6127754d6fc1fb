"""Every text of kb's help pages, marked for the catalog: written by tools/helptext.py, never by hand.

Babel does not read docstrings nor the `help=` of arguments and options: each paragraph of a command's
help, each argument's and option's help, each prompt and each command's summary is listed here so that
`pybabel extract` finds it, and `--help` says it in the interface's language (kb/cli/helppage.py).
`CLICK` lists what Click and Typer themselves say (usage errors, "Did you mean", prompts' errors),
taken from their installed sources, which kb/cli/clicklang.py sends through kb's catalog.
After adding or rewording a command or an option, run `python tools/helptext.py`, then the Babel
commands of CONTRIBUTING.md; tests/test_i18n.py fails until both are done. Nothing imports this module.
"""

from kb.i18n import N_, ngettext

HELP = (
    N_("2 also reaches cases through one related case."),
    N_("20 results unless --limit or --all says otherwise (--json: all)."),
    N_("A new case record with a fresh id; fill in every TODO from a source, then run kb validate."),
    N_("A party's id from parties.yaml (repeat the option); used to warn of a likely duplicate."),
    N_("AI product id or name."),
    N_("AI products at issue with the number of cases of each."),
    N_("Address to listen on (0.0.0.0 for every interface)."),
    N_("Append to data/cases.yaml instead of printing."),
    N_("At most this many."),
    N_("Browse, facet, search and query the database in Datasette (needs the web extra)."),
    N_("Build a static website: a page per case, court, party, claim and product, a timeline, charts, search."),
    N_("Build the Pagefind search index."),
    N_("Cases connected to one case, strongest first, each with why (relation, party, claim, court); 20 unless "
       "--limit or --all says otherwise (--json: all)."),
    N_("Cases filed in or after this period."),
    N_("Cases filed in or before this period."),
    N_("Cases with a date in or after this period (YYYY[-MM[-DD]])."),
    N_("Cases with a date in or before this period."),
    N_("Cases with a decision (or an interim ruling) in or after this period."),
    N_("Cases with a decision in or before this period."),
    N_("Check the data files and report every problem as file:line:col: message."),
    N_("Claim id or name."),
    N_("Country code, e.g. CN, US, GB."),
    N_("Counts of cases by kind, status, jurisdiction, court, claim and year."),
    N_("Court id from courts.yaml (none for a controversy)."),
    N_("Court id or name."),
    N_("Courts and agencies with the number of cases of each."),
    N_("Data directory [env: KB_DATA; default: ./data]."),
    N_("Database file [env: KB_DB; default: DATA/kb.sqlite]."),
    N_("Dated events across cases, in order, each at the precision its source gives."),
    N_("Dated events across cases, in order, each at the precision its source gives. --since/--until select the "
       "events; the other filters select the cases."),
    N_("Every row, however many."),
    N_("Everything about one case: parties, court, claims, ruling, timeline, related cases, sources."),
    N_("Export the cases (filtered like `kb cases`) or their graph, to stdout or a file."),
    N_("Folder to write the site into (new, empty, or a site kb built before, which is replaced)."),
    N_("Graph analytics: central nodes, clusters of cases, graph statistics."),
    N_("Graph formats: only this node's neighbourhood."),
    N_("Groups of cases that belong together (Louvain communities of cases linked by relations, parties and "
       "products), with the parties, products and claims they share."),
    N_("Groups of cases that belong together (Louvain communities of cases linked by relations, parties and "
       "products), with the parties, products and claims they share. On large graphs a faster Louvain finds "
       "them, as the output says."),
    N_("Install completion for the current shell."),
    N_("Judge id, name (English or Chinese) or alias."),
    N_("Judges with the rulings they decided: case, court, date, role, outcome, holding and answers to questions "
       "of law."),
    N_("Judges with the rulings they decided: case, court, date, role, outcome, holding and answers to questions "
       "of law. The filters select the cases (`--claim fair-use`); `--question training-infringement` keeps the "
       "rulings that answered whether training on works infringes: who ruled on it, and how."),
    N_("Jurisdiction"),
    N_("Kind"),
    N_("Latin-script words match whole words and their forms: `Ross` finds Ross, not cross; `copyrightable` also "
       "finds copyrightability; accents are folded (Theatre finds Théâtre). Chinese is found as written, from "
       "two characters (声音, 小红书)."),
    N_("List cases, oldest first, filtered by court, party, claim, product, status, kind, dates; with each one's "
       "outcome and decision date."),
    N_("Nodes and edges by type, connected components, density."),
    N_("Older than this many months counts as stale."),
    N_("One case (id, title or case number)."),
    N_("One case as a reference in a CSL style (rendered by citeproc-py), from the case's CSL item: court, case "
       "number, decision date, official citation and its first source's URL."),
    N_("Only list files that would change; exit 1 if any."),
    N_("Only report stale schemas; exit 1 if any."),
    N_("Only rulings that answered this question of law (id or name)."),
    N_("Parties (people, companies, bodies) with the number of cases of each."),
    N_("Party id, name or alias."),
    N_("Pending, filed, appealed and ongoing cases whose as_of is older than N months (none first), oldest first."),
    N_("Port to listen on."),
    N_("Print JSON for scripts instead of a table."),
    N_("Print kb's version and exit."),
    N_("Print straight to the terminal, never through a pager."),
    N_("Print the matrix as CSV, one row per answer."),
    N_("Query the knowledge base of court cases and controversies about AI-generated content."),
    N_("Questions of law, with how many rulings answer each, per jurisdiction and per answer."),
    N_("Rebuild everything, not only the records that changed."),
    N_("Render every page again, even those whose records did not change since the site in the folder was built."),
    N_("Rewrite data files in canonical form: model key order, block style, comments kept."),
    N_("Search titles, case numbers, summaries, holdings, names and events."),
    N_("Show a traceback when something fails."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
    N_("Show this message and exit."),
    N_("Skip this many first."),
    N_("Start a new record from a skeleton."),
    N_("Syntax:\n"
       "  word word       every word must match (in any order)\n"
       "  \"a phrase\"      the words in this order\n"
       "  copyr*          words starting with copyr\n"
       "  a OR b          either\n"
       "  -word           without this word\n"
       "  Trik 训练       Latin and Chinese together"),
    N_("The case number as the court writes it, if a source gives it."),
    N_("The citation style. gb7714: GB/T 7714-2015, numeric (Chinese national standard); chicago: Chicago Manual "
       "of Style, 18th edition, notes and bibliography; chicago-author-date: Chicago Manual of Style, 18th "
       "edition, author-date; apa: APA Style, 7th edition; oscola: OSCOLA, 4th edition (UK legal citation)."),
    N_("The claim taxonomy with the number of cases of each claim."),
    N_("The database is built first if it is stale; after `kb load` (or any rebuild) a browser refresh shows the "
       "new data."),
    N_("The repository's web address, for links to each record in data/cases.yaml."),
    N_("The repository's web address, shown as the data's source."),
    N_("The shortest chain of links between two things, hop by hop."),
    N_("Title"),
    N_("Title in Chinese."),
    N_("Title in English, e.g. 'Li v. Liu'."),
    N_("Treat warnings as errors."),
    N_("US federal cases with no CourtListener docket among their sources, by court."),
    N_("Validate the data and (re)build the SQLite database atomically."),
    N_("What each court answered to one question of law: date, court, jurisdiction, answer, holding and case, "
       "oldest first, filtered like `kb cases`; an answer given on appeal names the decision below."),
    N_("Where the site will be served, an http(s) URL, e.g. https://example.org/kb/: gives every page a "
       "canonical link, sitemap.xml absolute URLs and each case's cite text its page's URL. Without it the site "
       "has none of these and its sitemap lists paths relative to the site."),
    N_("Which nodes to rank."),
    N_("Who and what is most connected: degree and betweenness centrality (estimated from a sample of nodes on "
       "large graphs, as the output says)."),
    N_("With --around: how many links away."),
    N_("With --csv: start with a UTF-8 byte order mark, for Excel."),
    N_("With --csv: write to this file (atomically)."),
    N_("With --filed-*/--decided-*: also the cases that have no such date."),
    N_("Write schemas/*.schema.json from the models (the data files' editors read them)."),
    N_("Write to this file (atomically; - is stdout)."),
    N_("Year (of filing, or of the first event, from the source)"),
    N_("Year for the id: of filing, or of the first event."),
    N_("atom: the address the feed is published at (its rel=\"self\" link)."),
    N_("csv: start with a UTF-8 byte order mark, for Excel."),
    N_("e.g. pending, decided, settled."),
    N_("lawsuit, ruling, controversy or regulatory."),
    N_("text, github (Actions annotations) or json."),
)

# What Click and Typer say, through kb's catalog (kb/cli/clicklang.py).
CLICK = (
    N_("%(prog)s, version %(version)s"),
    N_("(dynamic)"),
    N_("Aborted!"),
    N_("Argument {name!r} takes {nargs} values."),
    N_("Arguments"),
    N_("Arguments take exactly one parameter declaration, got {length}: {decls}."),
    N_("Boolean option {decl!r} cannot use the same flag for true/false."),
    N_("Choice({choices})"),
    N_("Choose from:\n"
       "\t{choices}"),
    N_("Commands"),
    N_("Confirm the action without prompting."),
    N_("Could not determine name for option with declarations {decls!r}"),
    N_("Could not open file {filename!r}: {message}"),
    N_("Couldn't detect Bash version, shell completion is not supported."),
    N_("DeprecationWarning: The command {name!r} is deprecated.{extra_message}"),
    N_("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}"),
    N_("Do you want to continue?"),
    N_("Error: The two entered values do not match."),
    N_("Error: invalid input"),
    N_("Error: {message}"),
    N_("Invalid start character for option ({option})"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Invalid value: {message}"),
    N_("Missing argument"),
    N_("Missing command."),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("Missing {param_type}"),
    N_("Name '{name}' defined twice"),
    N_("No options defined but a name was passed ({name}). Did you mean to declare an argument instead? Did you "
       "mean to pass '--{name}'?"),
    N_("No such command {name!r}."),
    N_("No such option {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Options"),
    N_("Positional arguments"),
    N_("Press any key to continue..."),
    N_("Repeat for confirmation"),
    N_("Shell completion is not supported for Bash versions older than 4.4."),
    N_("Show the version and exit."),
    N_("Show this message and exit."),
    N_("Try '{command} {option}' for help."),
    N_("Unknown color {colour!r}"),
    N_("Unknown standard stream '{name}'"),
    N_("Usage:"),
    N_("Value must be an iterable."),
    N_("default: {default}"),
    N_("deprecated"),
    N_("directory"),
    N_("env var: {var}"),
    N_("file"),
    N_("path"),
    N_("required"),
    N_("unknown error"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is not executable."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
    N_("{value!r} is not a valid UUID."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
)

CLICK_PLURALS = (
    ngettext("Did you mean {possibility}?",
             "(Did you mean one of: {possibilities}?)", 1),
    ngettext("Got unexpected extra argument ({args})",
             "Got unexpected extra arguments ({args})", 1),
    ngettext("Option {name!r} requires an argument.",
             "Option {name!r} requires {nargs} arguments.", 1),
    ngettext("Takes {nargs} values but 1 was given.",
             "Takes {nargs} values but {len} were given.", 1),
    ngettext("{len_type} values are required, but {len_value} was given.",
             "{len_type} values are required, but {len_value} were given.", 1),
    ngettext("{value!r} does not match the format {format}.",
             "{value!r} does not match the formats {formats}.", 1),
    ngettext("{value!r} is not {choice}.",
             "{value!r} is not one of {choices}.", 1),
)
