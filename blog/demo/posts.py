"""Demo content for Broadsheet: original commentary written for this project.

Plain Python data, consumed by the seeding code. Dates are local time.
"""

CATEGORIES = [  # (path, name, description); parents come before children
    ("politics", "Politics", "Elections, governments and the arguments that shape them."),
    ("politics/world", "World", "Foreign affairs and international politics beyond Britain."),
    (
        "politics/world/asia",
        "Asia",
        "East Asia in particular: the Korean peninsula, China and Japan.",
    ),
    (
        "politics/world/europe",
        "Europe",
        "The European Union, its member states and its neighbours, including the war in Ukraine.",
    ),
    ("economy", "Economy", "Prices, trade and the politics of money."),
    ("media", "Media", "How the news is gathered, framed and occasionally bent out of shape."),
    ("notes", "Notes", "Housekeeping, corrections and the odd personal aside about this blog."),
]

AUTHORS = [  # (slug, display name, short bio)
    (
        "editor",
        "Marcus Pell",
        "Marcus Pell is the pen name of a former foreign-desk sub-editor who spent two decades "
        "reading between the lines of official statements. He writes about East Asia, Europe "
        "and the media from somewhere in the north of England.",
    ),
    (
        "guest",
        "Harriet Quill",
        "Harriet Quill is an economist turned occasional columnist who writes about prices, "
        "trade and the politics of money.",
    ),
]

TAGS = {
    "north-korea": "North Korea",
    "china": "China",
    "russia": "Russia",
    "south-korea": "South Korea",
    "eu": "EU",
    "uk": "UK",
    "site-news": "Site news",
}

POSTS = [
    {
        "title": "Why Pyongyang’s missile calendar matters more than its missiles",
        "slug": "pyongyang-missile-calendar",
        "date": "2024-03-04 09:15",
        "author": "editor",
        "categories": ["politics/world/asia"],
        "tags": ["north-korea", "south-korea", "japan"],
        "excerpt": "North Korean launches are timed with care. It pays to read the calendar as closely as the telemetry.",
        "body": """<p>Every few weeks the same ritual plays out. A launch is detected, Seoul and Tokyo convene emergency meetings, and the wires fill with estimates of range and apogee. By the following morning the story has usually vanished. It is worth asking why the launches come when they do, because the timing often says more than the hardware.</p>
<p>North Korea rarely tests into a vacuum. Launches cluster around joint military exercises, around anniversaries that matter to the regime, and around moments when a neighbour’s attention is elsewhere. A test in the middle of a Japanese budget debate or a South Korean election campaign is a message about relevance as much as capability: <em>you may be busy, but you will still have to talk about us.</em></p>
<blockquote><p>“The engineers set the pace of the programme, but the diplomats choose the dates,” one retired defence attaché told a regional newspaper last year. “If you only read the technical data, you miss half the signal.”</p></blockquote>
<p>None of this makes the weapons less dangerous. Solid-fuel engines, which can be readied quickly and hidden more easily, are a real change in the military balance, and the steady improvement in reliability is not a bluff. But treating every test as a bolt from the blue plays into Pyongyang’s hands. It rewards unpredictability with attention.</p>
<p>A better habit, for governments and for readers, would be to keep a calendar of our own. Note what was happening in the region in the week of each launch. Over a year the pattern becomes hard to ignore – and a pattern, unlike a surprise, is something policy can plan around.</p>""",
        "sticky": False,
    },
    {
        "title": "Tractors in the square: the limits of Brussels’ green ambitions",
        "slug": "tractors-in-the-square",
        "date": "2024-03-22 18:40",
        "author": "editor",
        "categories": ["politics/world/europe"],
        "tags": ["eu", "trade"],
        "excerpt": "",
        "body": """<p>For much of the winter, European capitals have been learning what a convoy of tractors does to a city centre. The protests began over different grievances in different countries – diesel subsidies here, import quotas there, paperwork almost everywhere – but they have converged on a single target: the sense that rules are written in Brussels by people who have never had to make a farm pay.</p>
<p>That sense is not entirely fair. Many of the most resented measures were agreed by national ministers, and some were requested by them. But fairness is not the currency of a protest movement, and the political response has been swift. Environmental requirements have been paused, softened or quietly shelved, and candidates for June’s European elections are falling over one another to be photographed in wellies.</p>
<p>The retreat raises an awkward question for the Union’s wider climate agenda. Agriculture is a significant source of emissions, and any credible plan has to touch it. If the first serious pushback from a well-organised sector can reverse years of policy in a matter of weeks, other industries will draw the obvious conclusion.</p>
<p>There is a better lesson available. The farmers’ anger is as much about prices and supermarket margins as about green rules, and policies that ask producers to change their methods without helping them earn a living from the change were always going to be fragile. Ambition that cannot survive contact with the people who have to deliver it is not really ambition. It is a press release.</p>""",
        "sticky": False,
    },
    {
        "title": "The last mile: why inflation’s final stretch is the hardest",
        "slug": "inflation-last-mile",
        "date": "2024-04-11 08:00",
        "author": "guest",
        "categories": ["economy"],
        "tags": ["inflation", "uk"],
        "excerpt": "",
        "body": """<p>Headline inflation has fallen a long way from its peak, and it is tempting to declare the job done. Central bankers are notably reluctant to do so, and not only out of professional caution. The last part of the journey back to target is usually the slowest, for reasons that have little to do with energy prices or shipping costs.</p>
<p>The early falls were mechanical. When the price of gas stops rising, the annual rate drops as the old spike falls out of the comparison. Services inflation is a different animal. It is driven largely by wages, and wages respond to a labour market that remains tight in many sectors.</p>
<blockquote><p>“Goods prices come down in a lift; service prices take the stairs,” as one economist at a regional chamber of commerce put it to me this spring.</p></blockquote>
<p>This matters politically as well as economically. Voters do not experience the rate of inflation; they experience the price level, which is not coming down. A government that announces inflation has been beaten while the weekly shop still costs a fifth more than it did three years ago should not be surprised when the announcement lands badly.</p>
<p>The honest message is less satisfying: the worst is over, the rest will take time, and interest rates are likely to fall more slowly than borrowers would like. It is not a slogan anyone will put on a poster. It has the advantage of being true.</p>""",
        "sticky": False,
    },
    {
        "title": "The quiet decline of the foreign bureau",
        "slug": "decline-of-the-foreign-bureau",
        "date": "2024-04-29 21:10",
        "author": "editor",
        "categories": ["media"],
        "tags": ["press-freedom"],
        "excerpt": "",
        "body": """<p>A generation ago, a serious newspaper measured itself partly by the number of flags on its map: correspondents in Moscow, Beijing, Nairobi, Buenos Aires. Many of those offices have since closed, merged or been replaced by a single reporter covering a dozen countries from a hub airport. The change happened slowly enough that few readers noticed.</p>
<p>The economics are easy to understand. A foreign bureau is expensive, its output is hard to monetise, and a story filed from a faraway capital often draws fewer clicks than a domestic row about parking. Agencies, freelancers and local fixers fill some of the gap, often very well, but they tend to be paid by the story rather than by the year, and that shapes what gets written.</p>
<blockquote><p>“When you live somewhere, you notice the things that aren’t news yet,” a former correspondent told a journalism school audience last autumn. “When you fly in, you only see the things that already are.”</p></blockquote>
<p>The cost is not only depth. It is also independence. In countries where access is tightly controlled, a resident reporter with years of contacts is far harder to manage than a visitor on a short visa. Fewer resident journalists means more reliance on official statements, state media and a small number of well-connected sources.</p>
<p>There is no easy fix, and this blog is not one. But readers can help by valuing the slow, unglamorous dispatches when they appear – and by being a little more suspicious of confident analysis written from a long way away. Including, occasionally, this one.</p>""",
        "sticky": False,
    },
    {
        "title": "Seoul’s election and the long road to 2027",
        "slug": "seoul-election-long-road",
        "date": "2024-05-16 10:30",
        "author": "editor",
        "categories": ["politics/world/asia"],
        "tags": ["south-korea", "elections"],
        "excerpt": "",
        "body": """<p>South Korea’s parliamentary election in April delivered a clear verdict: the opposition kept firm control of the National Assembly, and the president’s party was left to contemplate three more years of governing without a majority. Foreign coverage focused on what this means for relations with Washington and Tokyo. Domestic politics is likely to matter more.</p>
<p>A president who cannot pass legislation tends to fall back on the powers he does have – vetoes, appointments and foreign policy. That last item is worth watching. The recent thaw with Japan has been driven largely from the presidential office, and it has never been especially popular at home. Without a legislative base to defend it, it is exposed to the next scandal or the next historical dispute.</p>
<p>The opposition faces its own temptation. A large majority invites confrontation: investigations, impeachment threats and bills designed to be vetoed so that the veto can be campaigned against. That is a legitimate strategy in a divided system, but it can leave voters with the impression that nobody is actually governing.</p>
<p>For outsiders, the lesson is modesty. Korean politics is fiercely competitive and can swing hard between elections. Policies that rest on one leader’s personal commitment – towards Japan, towards the North, towards China – should be treated as provisional until they have survived a change of government. Allies who forget that tend to be surprised.</p>""",
        "sticky": False,
    },
    {
        "title": "What a European election can – and cannot – tell us",
        "slug": "what-a-european-election-can-tell-us",
        "date": "2024-06-07 07:45",
        "author": "editor",
        "categories": ["politics/world/europe"],
        "tags": ["eu", "elections"],
        "excerpt": "Turnout, fragmentation and national mood matter more than the seat count. A short guide to reading this weekend’s results.",
        "body": """<p>Voting in the European Parliament elections began yesterday and runs until Sunday, and by Monday morning there will be no shortage of sweeping conclusions. Before the headlines set, a few cautions about what these elections actually measure.</p>
<p>First, they are really twenty-seven national elections held in the same week. Voters tend to use them to reward or punish their own governments, and the issues that dominate the campaign in one country are often invisible in the next. A surge for one party family may reflect a dozen different local stories rather than a single continental mood.</p>
<p>Second, turnout is low and uneven, which magnifies the weight of the most motivated voters. Parties that do well in European elections sometimes do much worse when the stakes are national, and the reverse is also true.</p>
<blockquote><p>“People vote for Parliament the way they answer a survey,” one campaign organiser told a local paper in the spring. “They tell you how they feel. It isn’t always how they will act.”</p></blockquote>
<p>Third, the Parliament’s arithmetic matters less than the headlines suggest. Legislation is shaped by coalitions assembled issue by issue, and the centre has usually managed to hold a working majority even when its share of the vote has shrunk.</p>
<p>None of this means the results are meaningless. A sustained rise for parties sceptical of the Union would change the tone in Brussels and embolden national governments that share their views. Just read the numbers <em>alongside</em> the local context, not instead of it.</p>""",
        "sticky": False,
    },
    {
        "title": "Housekeeping: categories, tags and a word on comments",
        "slug": "housekeeping-june",
        "date": "2024-06-07 19:20",
        "author": "editor",
        "categories": ["notes"],
        "tags": ["site-news"],
        "excerpt": "",
        "body": """<p>A short note on some changes to the site, for the handful of you who read it closely enough to notice.</p>
<h2>What has changed</h2>
<ul>
<li>Posts are now filed under a small set of <strong>categories</strong> – Politics (with World, Asia and Europe beneath it), Economy, Media and Notes. Each post lives in one or two at most.</li>
<li>I have pruned the <strong>tags</strong> from several dozen to about a dozen. If a tag only ever appeared once, it has gone.</li>
<li>Every post now has its own <strong>comment thread</strong>, moderated before publication. The rules are on the <a href="https://example.org/comment-policy/">comment policy</a> page.</li>
<li>There is an <strong>archive</strong> by month and by day, for anyone who wants to see what I was wrong about in March.</li>
</ul>
<p>The feed address has not changed, so if you read this in a feed reader you should not need to do anything.</p>
<hr>
<p>A personal note: Harriet Quill, whose first piece on inflation appeared here in April, will contribute occasional posts on the economy from now on. Her name is at the top of her posts and her opinions are her own, which is to say that I will sometimes disagree with them in public. That seems healthy.</p>
<p>Corrections, as ever, are welcome. I try to mark them at the foot of the post rather than quietly rewriting it.</p>""",
        "sticky": False,
    },
    {
        "title": "Putin in Pyongyang: a treaty of convenience",
        "slug": "putin-in-pyongyang",
        "date": "2024-06-20 12:00",
        "author": "editor",
        "categories": ["politics/world/asia"],
        "tags": ["north-korea", "russia", "china"],
        "excerpt": "The new treaty between Moscow and Pyongyang is a transaction dressed as an alliance – and Beijing is watching closely.",
        "body": """<p>Vladimir Putin’s visit to Pyongyang this week – his first in twenty-four years – produced the images both sides wanted: motorcades, embraces, a signing ceremony. It also produced a treaty that commits each country to come to the other’s aid if attacked. On paper, that is the most significant change in North Korea’s security position since the end of the Cold War.</p>
<p>In practice, both governments are buying something specific. Russia needs artillery ammunition and, increasingly, missiles for its war in Ukraine, and North Korea has large stockpiles built up over decades of preparing for a war that never came. North Korea wants hard currency, food, energy and – above all – technology that sanctions have kept out of reach.</p>
<blockquote><p>“It is less an alliance than a supply contract with a ceremony attached,” a former diplomat who served in the region told a university seminar this week. “The question is what happens when one side stops needing the other.”</p></blockquote>
<p>The country with most reason to feel uneasy may be China. Beijing has long been Pyongyang’s indispensable partner, and it values the leverage that brings. A North Korea with a second patron is less dependent and potentially less predictable, and Chinese officials have been noticeably restrained in their public comments on the visit.</p>
<p>For Seoul and Tokyo, the worry is the technology. Ammunition deliveries deplete stocks that can be rebuilt; help with satellites, submarines or missile guidance would be much harder to undo. Watching what flows back along that railway line will matter more than anything said at the banquet.</p>""",
        "sticky": True,
    },
    {
        "title": "After the landslide: what a big majority does not buy",
        "slug": "after-the-landslide",
        "date": "2024-07-05 08:30",
        "author": "guest",
        "categories": ["politics"],
        "tags": ["uk", "elections"],
        "excerpt": "",
        "body": """<p>Britain woke up this morning to a very large parliamentary majority built on a remarkably modest share of the vote. That combination is not new under first-past-the-post, but it is unusually stark this time, and it will shape the new government’s first years in ways that are easy to overlook amid the celebrations and the recriminations.</p>
<p>A big majority buys time and legislative control. What it does not buy is economic room. The public finances are tight, debt interest is high, and the fiscal rules the incoming government has committed to leave little space for the kind of early spending that makes a new administration feel like a fresh start.</p>
<blockquote><p>“Winning big and winning deep are different things,” a veteran party organiser told a regional radio station last night. “Seats tell you who governs. Votes tell you how patient people will be.”</p></blockquote>
<p>That patience will be tested quickly. Voters who lent their support to get rid of the previous government are not necessarily enthusiastic about its successor, and a fragmented opposition – with smaller parties stronger than they have been for a generation – will be quick to try to claim them back.</p>
<p>The economic test is the one that matters most. Growth has been weak for years, and no amount of parliamentary arithmetic changes that. The new chancellor’s first budget will tell us more about this government than any number of victory speeches.</p>""",
        "sticky": False,
    },
    {
        "title": "Tariffs are back in fashion. The bill comes later",
        "slug": "tariffs-back-in-fashion",
        "date": "2024-07-26 16:00",
        "author": "editor",
        "categories": ["economy"],
        "tags": ["trade", "china", "eu"],
        "excerpt": "",
        "body": """<p>For three decades, the argument for lower trade barriers was close to a consensus among governments of left and right. That consensus is gone. The United States has raised tariffs on Chinese electric vehicles, the European Union is imposing duties of its own, and in most Western capitals the language of “resilience” and “de-risking” has replaced the language of open markets.</p>
<p>Some of the reasoning is sound. Depending on a single rival for critical minerals, batteries or advanced chips is a strategic risk, and markets on their own do not price that risk well. China’s industrial subsidies are vast and not always transparent, and complaints about overcapacity are not simply protectionism in disguise.</p>
<p>But tariffs are a blunt tool, and their costs are easy to hide. They are paid in the first instance by importers and then, in large part, by consumers. They invite retaliation against exporters who had nothing to do with the original dispute. And they tend to outlive the circumstances that justified them, because the industries they protect become constituencies for keeping them.</p>
<p>The honest case for targeted trade measures would acknowledge all of this: name the specific risk, estimate the price, and set a date to review whether the measure is still working. Few governments are making that case. It is easier to promise that someone else will pay – and to let the bill arrive after the next election.</p>""",
        "sticky": False,
    },
    {
        "title": "Kursk and the politics of surprise",
        "slug": "kursk-politics-of-surprise",
        "date": "2024-08-19 09:00",
        "author": "editor",
        "categories": ["politics/world/europe"],
        "tags": ["ukraine", "russia"],
        "excerpt": "",
        "body": """<p>Ukraine’s incursion into Russia’s Kursk region, now nearly two weeks old, has surprised almost everyone – including, by most accounts, some of Kyiv’s own partners. After months of grinding defence in the east, Ukrainian forces have seized territory on Russian soil and held it, at least for now.</p>
<p>The military logic is debated. Supporters argue that the operation forces Moscow to divert troops from the front in the Donbas, lifts morale at home and gives Kyiv something to trade in any future negotiation. Critics worry that it stretches already thin Ukrainian units and that the pressure on the eastern front has not eased as hoped.</p>
<blockquote><p>“The operation was designed to change the conversation as much as the map,” one European military analyst said on a podcast last week. “On that measure, at least, it has worked.”</p></blockquote>
<p>The political effect inside Russia is harder to read. The Kremlin has played the incursion down, describing it as a provocation rather than an invasion, and state television has kept its coverage carefully contained. That restraint is itself revealing: a government confident of its narrative would not need to manage it so closely.</p>
<p>For Western governments, the episode punctures a long-running assumption – that any Ukrainian action on Russian territory would trigger uncontrollable escalation. That fear has shaped decisions on weapons and targeting for two years. It has not disappeared, but it looks a little less like a law of nature and a little more like a judgement that can be revisited.</p>""",
        "sticky": False,
    },
    {
        "title": "Reading state media: a short guide for the sceptical",
        "slug": "reading-state-media",
        "date": "2024-09-12 11:30",
        "author": "editor",
        "categories": ["media"],
        "tags": ["press-freedom", "north-korea", "china"],
        "excerpt": "State media is a poor source of facts and an excellent source of intentions. Four habits for reading it properly.",
        "body": """<p>Readers sometimes ask why I quote North Korean and Chinese state media at all, given that neither is a reliable source of facts. The answer is that they are a very reliable source of something else: what the leadership wants its own people, and the rest of us, to believe. Read the right way, they are among the most useful documents available.</p>
<p>A few habits help.</p>
<ol>
<li><strong>Read for changes, not content.</strong> The same phrases recur for years. When one disappears, or a new one appears, that is the story.</li>
<li><strong>Notice the order.</strong> Who is named first in a list of officials, and which topic leads the bulletin, are decisions taken with care.</li>
<li><strong>Compare the domestic and foreign versions.</strong> Statements in English are often softer, or sharper, than the same statement in the original language.</li>
<li><strong>Listen for silence.</strong> An event that goes unreported at home can matter more than one that is trumpeted abroad.</li>
</ol>
<blockquote><p>“The text is propaganda, but the editing is policy,” a long-serving translator of official statements told a student newspaper some years ago. It is the best one-line summary I know.</p></blockquote>
<p>None of this requires special access. Most state outlets publish online, and a patient search of their archives – try a phrase such as <code>strategic partnership</code> and watch how often it appears from month to month – can reveal shifts well before officials admit to them. It is slow, slightly tedious work. That is exactly why so few people do it, and why it still pays.</p>""",
        "sticky": False,
    },
    {
        "title": "Japan’s snap election and the price of a quick mandate",
        "slug": "japan-snap-election",
        "date": "2024-10-30 08:15",
        "author": "editor",
        "categories": ["politics/world/asia"],
        "tags": ["japan", "elections"],
        "excerpt": "",
        "body": """<p>Shigeru Ishiba called a snap election within days of becoming prime minister, hoping to convert a honeymoon into a mandate. On Sunday the gamble failed. His Liberal Democratic Party and its coalition partner lost their majority in the lower house, and Japan now faces a period of minority government unlike anything in recent memory.</p>
<p>The immediate cause was a long-running scandal over unrecorded political funds, which had already helped to end his predecessor’s time in office. Voters seem to have concluded that a new face at the top was not the same as new habits, and a prime minister who had once been the party’s loudest internal critic found himself answering for its record.</p>
<p>The consequences for policy are likely to be gradual rather than dramatic. The opposition is divided, and the ruling party will probably survive by striking deals with smaller groups, issue by issue. But every deal has a price, and the most likely currency is spending – on energy subsidies, tax thresholds and support for households – at a time when the public debt is already the highest in the developed world.</p>
<p>Abroad, Japan’s partners will want reassurance that its steady increase in defence spending survives. It probably will; there is broad agreement across most parties that the neighbourhood has become more dangerous. What may suffer is ambition. A weak government can maintain existing commitments. It finds it much harder to make new ones.</p>""",
        "sticky": False,
    },
    {
        "title": "The view from abroad: allies and the American result",
        "slug": "view-from-abroad-american-result",
        "date": "2024-11-08 10:00",
        "author": "guest",
        "categories": ["politics/world"],
        "tags": ["elections", "trade"],
        "excerpt": "",
        "body": """<p>Foreign ministries have spent the week doing what foreign ministries do after an American election: drafting congratulatory messages, reviewing contingency plans and trying to work out who will actually be making decisions in the new administration. This time the planning has a special urgency, because the president-elect has been clear about several things that matter enormously outside the United States.</p>
<p>Trade is the most concrete. A general tariff on imports, with higher rates for Chinese goods, was a central campaign promise, and there is little reason to assume it was merely rhetorical. For export-heavy economies in Europe and Asia the question is not whether to prepare but how – whether to retaliate, negotiate exemptions or simply absorb the cost.</p>
<blockquote><p>“Everyone is rereading their notes from 2017,” one trade official in a European capital told a business weekly this week. “The problem is that the world has changed since then, and so has he.”</p></blockquote>
<p>Security is the second concern. European governments that have spent nearly three years supporting Ukraine now face the prospect of carrying more of that burden themselves, and Asian allies will be watching for any sign that long-standing commitments are being recast as transactions.</p>
<p>The temptation in allied capitals will be to wait and see. That would be a mistake. The first months of any administration are when policy is set, and governments that arrive with clear proposals – on defence spending, on trade, on China – will shape the agenda more than those that arrive with complaints.</p>""",
        "sticky": False,
    },
    {
        "title": "Troops for technology: what North Korea gets from Russia’s war",
        "slug": "troops-for-technology",
        "date": "2024-11-27 14:45",
        "author": "editor",
        "categories": ["politics/world/asia"],
        "tags": ["north-korea", "russia", "ukraine"],
        "excerpt": "",
        "body": """<p>The arrival of North Korean soldiers in Russia’s Kursk region, first reported by South Korean intelligence last month and since confirmed by several governments, takes the relationship sealed in Pyongyang in June to a new level. Shells and missiles were one thing. Sending troops to fight in a European war is something of a different order.</p>
<p>It is worth asking what Pyongyang gets in return. The money is real but probably not the main prize. More valuable is experience: an army that has not fought a full-scale war in seventy years is now learning, at first hand, how drones, electronic warfare and modern artillery work on a real battlefield. Those lessons will travel home.</p>
<blockquote><p>“Every soldier who comes back is a briefing,” a retired South Korean officer told a local broadcaster this month. “That knowledge is worth more to Pyongyang than the cash.”</p></blockquote>
<p>There is also the question of what Moscow may be willing to share. Russia has long been cautious about handing over its most sensitive military technology, even to friends. A government that needs manpower badly enough to import it may be less cautious.</p>
<p>For Seoul, this raises uncomfortable choices, including whether to send weapons directly to Ukraine, a step it has so far avoided. For Beijing, it is another reminder that its smaller neighbour has found a second patron. Neither development will be reversed quickly, whatever happens on the front line this winter.</p>""",
        "sticky": False,
    },
    {
        "title": "The year in eleven sentences",
        "slug": "the-year-in-eleven-sentences",
        "date": "2024-12-18 09:00",
        "author": "editor",
        "categories": ["notes", "politics/world"],
        "tags": ["site-news"],
        "excerpt": "",
        "body": """<p>Before this blog goes quiet for the holidays, a habit I have kept for a few years: the year summed up in a handful of sentences. It is an exercise in humility as much as anything, since it forces me to notice how much of what seemed important at the time no longer does.</p>
<ol>
<li>Farmers in tractors showed that climate policy lives or dies on who pays for it.</li>
<li>Inflation fell, prices did not, and voters noticed the difference.</li>
<li>South Korea’s voters handed their president a parliament he cannot command.</li>
<li>Europe’s elections nudged the Parliament rightwards without quite toppling the centre.</li>
<li>Moscow and Pyongyang signed a treaty that looked like an alliance and behaved like a contract.</li>
<li>Britain elected a huge majority on a small share of the vote.</li>
<li>Tariffs returned to respectability on both sides of the Atlantic.</li>
<li>Ukraine carried the war into Russia, and Russia answered with soldiers borrowed from North Korea.</li>
<li>Japan’s ruling party discovered that a new leader is not the same as a clean slate.</li>
<li>America’s voters set the agenda for every foreign ministry in the world.</li>
<li>And foreign reporting kept shrinking, just when we needed more of it.</li>
</ol>
<p>Looking back over the <a href="https://example.org/archive/2024/">archive</a>, the thing I most underestimated was how quickly tariffs would go from taboo to common sense; the thing I am gladdest to have written about early was the Russia–North Korea relationship. Readers are welcome to offer a different verdict in the comments.</p>
<p>Thank you for reading, for arguing and, on several occasions, for correcting me. Normal service resumes in January.</p>""",
        "sticky": False,
    },
]

PAGES = [
    {
        "title": "About",
        "slug": "about",
        "body": """<p>Broadsheet is a commentary blog about politics and world affairs, written under a pen name by a former foreign-desk sub-editor, with occasional contributions on economics from a guest writer. After many years spent turning other people’s dispatches into something readable, its editor now prefers to write his own.</p>
<p>The focus is on East Asia and Europe, on how governments talk about what they do, and on the media that reports it. Posts are opinion, clearly labelled as such, and try to show their working: where a claim rests on a source, the source is described as precisely as possible without putting anyone at risk.</p>
<p>Corrections are welcome and are noted at the foot of the relevant post. You can reach the editor through the <a href="https://example.org/contact/">contact page</a>.</p>""",
        "order": 1,
    },
    {
        "title": "Comment policy",
        "slug": "comment-policy",
        "body": """<p>Comments are welcome on every post and are read before they are published. The aim is a discussion worth reading, not unanimity.</p>
<ul>
<li>Disagree with the argument, not the person making it.</li>
<li>No personal abuse, threats or bigotry of any kind.</li>
<li>Stay roughly on the topic of the post.</li>
<li>Links are fine if they add something; promotional links will be removed.</li>
<li>Do not post other people’s private information.</li>
</ul>
<p>Comments that break these rules will not be published, and repeat offenders will be blocked. Moderation is done by a human with a day job, so please allow a little time before your comment appears.</p>""",
        "order": 2,
    },
]
