/**
 * Short news texts written for the dedup tests: imagined sites, other stories than the seed
 * corpus. One lithium-mine event told three ways (a wire text and two rewrites), plus stories
 * on the same minerals beat that are other events and must stay apart.
 */

/** The wire text: a lithium mine approval in Quebec. */
export const LITHIUM_WIRE = `Canada's federal government on Monday approved the Lac Bréhat lithium mine in northern Quebec, clearing the way for the first new hard-rock lithium project in the province in almost a decade.

The open-pit mine, owned by Vancouver-based Northshield Metals, is expected to produce about 210,000 tonnes of spodumene concentrate a year once it reaches full capacity in 2028, the company said in a statement.

Natural Resources Minister Helen Tremblay said the decision followed a three-year environmental review and an agreement with the Cree Nation of Wemindji, which will receive a share of royalties and priority for 400 construction jobs.

"This mine is a cornerstone of a North American battery supply chain that does not run through Beijing," Tremblay told reporters in Ottawa.

Northshield plans to ship the concentrate to a converter under construction in Bécancour, where it will be refined into battery-grade lithium hydroxide for electric-vehicle makers in Ontario and Michigan.

Shares of Northshield rose 14% on the Toronto Stock Exchange after the announcement. The company estimates the project will cost C$1.3 billion and says it has secured C$450 million in loans from Export Development Canada.

Environmental groups criticised the approval. The Quebec Lakes Coalition said the tailings facility sits upstream of wetlands used by migrating caribou and called for an independent audit of the water plan.

China refines roughly 65% of the world's lithium, and Ottawa has pledged to build a domestic processing industry to reduce that dependence.`;

/** A rewrite by another outlet: same event, other words, other order. */
export const LITHIUM_REWRITE_A = `Ottawa has given Northshield Metals the green light for its Lac Bréhat project, a hard-rock lithium mine in Quebec's north that the company says will turn out some 210,000 tonnes of spodumene concentrate annually by 2028.

Helen Tremblay, the natural resources minister, announced the approval in Ottawa, saying the mine would anchor a North American battery supply chain independent of Beijing. The go-ahead came after three years of environmental assessment and a benefits deal with the Cree Nation of Wemindji covering royalties and 400 construction jobs.

The Vancouver miner will send its concentrate to a lithium hydroxide converter being built at Bécancour. Investors cheered: Northshield stock jumped 14% in Toronto trading. The C$1.3 billion project is backed by C$450 million from Export Development Canada.

Critics, including the Quebec Lakes Coalition, warn the tailings site threatens caribou wetlands downstream.`;

/** A second rewrite, shorter, with an analyst's angle. */
export const LITHIUM_REWRITE_B = `Northshield Metals won federal approval for the Lac Bréhat lithium mine in Quebec, the first hard-rock lithium approval in the province in nearly ten years.

Analysts at Granite Peak Securities said the Bréhat spodumene output of 210,000 tonnes a year could supply the Bécancour converter and carmakers in Ontario and Michigan. Minister Helen Tremblay said the Cree Nation of Wemindji would share royalties. Northshield shares gained 14% in Toronto, and Export Development Canada is lending C$450 million toward the C$1.3 billion build.

The Quebec Lakes Coalition opposes the tailings plan, citing caribou habitat.`;

/** Same beat, another event: cobalt prices. */
export const COBALT_PRICES = `Cobalt prices fell to their lowest level in seven years on Thursday as a flood of supply from the Democratic Republic of Congo and Indonesia swamped a market already weighed down by slowing electric-vehicle sales in Europe.

Cobalt metal traded at $21,500 a tonne on the London Metal Exchange, down 38% since January, according to figures from the exchange. Cobalt hydroxide, the intermediate product shipped from Congolese mines to refiners in China, also slid.

Traders at Harwick Commodities in London said Chinese refiners had cut purchases as battery makers switched to lithium iron phosphate cells, which use no cobalt at all.

The slump is squeezing smaller producers. Zambian miner Copperbelt Ridge said it would idle its cobalt circuit in April, and an Australian nickel-cobalt project delayed its final investment decision.

"Nobody wants to be the last one holding cobalt inventory," said Amara Diallo, a metals strategist in Johannesburg. Some analysts expect Congo to consider export quotas to support prices.`;

/** Same beat, same country, another event: a Canadian lithium price report, a year later. */
export const LITHIUM_OTHER_EVENT = `Lithium producers in Canada are cutting output after the price of spodumene concentrate dropped below $900 a tonne, the lowest since 2020, the Mining Association of Canada said in its quarterly report on Wednesday.

Three mines in Quebec and Ontario have paused production this year, and exploration spending on lithium fell 41% from a year earlier, the association said. It urged Ottawa to create a price floor or a strategic stockpile for battery minerals.

Battery makers have been drawing down inventories built during the 2022 boom, when spodumene traded above $6,000 a tonne. China's converters, which refine most of the world's lithium, have also cut imports from Australia.

"The industry needs a bridge to the next cycle," said the association's president, Daniel Okoye.`;

/** Off the beat altogether. */
export const FOOTBALL = `Riverside United came from two goals down to beat Harbour City 3-2 on Saturday, with substitute Tomas Reyes scoring twice in the final ten minutes to keep his side top of the league.

Harbour City had led through a first-half header from captain Ollie Banks and a penalty early in the second half after a handball by Riverside defender Kwame Asante.

Reyes, who joined from Porto in the summer, pulled one back in the 81st minute with a low shot and volleyed the winner in stoppage time after Marco Lindgren had equalised.

"We never stopped believing," Reyes said. "The fans pushed us over the line." Riverside travel to Northgate next weekend, while Harbour City host the league's bottom club.`;

/** Page chrome of three imagined sites; `wrap` puts one around a body. */
export const CHROME = {
  northwire: {
    before: 'Home | Markets | Mining | Energy | Subscribe\nBreaking: Gold edges higher as dollar slips\n',
    after:
      '\nRelated Articles\nCopper miners brace for strike in Chile as talks stall\nIron ore slides on weak Chinese steel demand\nSign up for our newsletter',
  },
  claimsdaily: {
    before: 'Claims Daily — mining news\n',
    after:
      '\nMore from this section\nUranium explorer raises A$40 million for Athabasca drilling\nWhy nickel prices keep falling: an explainer\nCopyright Claims Daily. All rights reserved.',
  },
  bare: { before: '', after: '' },
} as const;

export const wrap = (site: keyof typeof CHROME, body: string) => `${CHROME[site].before}${body}${CHROME[site].after}`;

/** A third rewrite, from a regional paper. */
export const LITHIUM_REWRITE_C = `The Lac Bréhat mine has its federal permit. Northshield Metals, the Vancouver company behind the Quebec lithium project, told investors the spodumene pit will employ 400 people during construction, many of them from the Cree Nation of Wemindji.

Minister Helen Tremblay signed the approval after a three-year review. Export Development Canada has committed C$450 million, and Northshield shares climbed 14% in Toronto. The Quebec Lakes Coalition is weighing a court challenge over the tailings dam.`;
