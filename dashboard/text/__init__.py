"""What the pages say and export, built from measurements: the key insight, the lesson's comparison table, the
Summary quiz and the CSV downloads. Pure functions, no Streamlit."""
