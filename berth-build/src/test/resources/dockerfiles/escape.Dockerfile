# escape=`

FROM scratch
COPY c:\dir\file `
     c:\dest\
RUN dir c:\
HEALTHCHECK NONE
CMD []
