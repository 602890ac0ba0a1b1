"""Read back what a chart draws, for charts that pack several lines into one trace."""


def split_runs(trace) -> list[tuple[int, list, list]]:
    """(run number, x, y) of every run drawn in `trace` (a Plotly trace or its dict), runs separated by a None;
    the run number is the hover data every point of the run carries."""
    runs, current = [], []
    for point in zip(trace["x"], trace["y"], trace["customdata"]):
        if point[1] is None:
            runs.append(current)
            current = []
        else:
            current.append(point)
    runs.append(current)
    found = []
    for points in runs:
        (number,) = {n for _, _, n in points}                # one run's points all carry its number
        found.append((number, [x for x, _, _ in points], [y for _, y, _ in points]))
    return found
