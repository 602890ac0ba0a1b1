"""Each page's figures: engine-call results (dashboard/engine_calls) drawn by the pure builders in dashboard/charts,
cached. Figures are cached as objects (st.cache_resource): unpickling a Plotly figure re-validates it, which costs
more than a rerun may take; they are never modified after they are built (st.plotly_chart copies). Big ones are also
kept by the session that shows them (dashboard/serving/figure_keeping.py), so a class looking at different words
does not rebuild each other's."""
