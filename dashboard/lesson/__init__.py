"""The guided lesson for a projector: its steps in the seed's order (`steps`), shown one at a time with Next and Back
(`guide`); the entry file runs a step instead of the page when the link says `?lesson=k`."""
