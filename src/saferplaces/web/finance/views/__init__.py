"""The money pages, by job: the year and its end (:mod:`.year`), funds
(:mod:`.funds`), budget lines and revisions (:mod:`.lines`), spend (:mod:`.entries`),
grants and bids (:mod:`.grants`), documents and the public report (:mod:`.papers`)."""
