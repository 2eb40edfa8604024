def page_links(page, url_for):
    """What templates/includes/pagination.html shows: each page's link, and previous and next.

    `url_for(number)` gives a page's address; elided page numbers ("…") get no link.
    """
    links = {
        "page_links": [
            (number, url_for(number) if isinstance(number, int) else None)
            for number in page.paginator.get_elided_page_range(page.number, on_each_side=2)
        ]
    }
    if page.has_previous():
        links["previous_page_url"] = url_for(page.previous_page_number())
    if page.has_next():
        links["next_page_url"] = url_for(page.next_page_number())
    return links
