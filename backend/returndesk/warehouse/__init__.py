"""The warehouse station: scan a parcel to receive it, grade each line, send the stock on."""
